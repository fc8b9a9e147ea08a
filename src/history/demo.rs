//! `--demo`: a week of plausible history for the demo fleet, in the demo's temporary file, so
//! that a new user sees strips and charts at once. Made up, and repeatable (seeded by name).

use rusqlite::{Connection, params};

const MIN: i64 = 60_000;
const DAY: i64 = 24 * 60 * MIN;

/// A small deterministic generator (xorshift64*): the same week for the same fleet.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Self {
        let h = seed
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        Self(h | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// In `lo..hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo).max(1) as u64) as i64
    }
    fn chance(&mut self, percent: i64) -> bool {
        self.range(0, 100) < percent
    }
}

/// An instance to make a week up for.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSeed {
    pub uid: String,
    pub name: String,
    /// The state the week ends in (the one the simulator will answer with).
    pub ends_in: i64,
}

/// Writes 7 days up to `now_ms` for each instance, unless the file already has history.
pub fn seed(conn: &mut Connection, fleet: &[DemoSeed], now_ms: i64) -> rusqlite::Result<()> {
    let existing: i64 = conn.query_row("SELECT count(*) FROM transitions", [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for seed in fleet {
        tx.execute(
            "INSERT OR IGNORE INTO instances (uid, name) VALUES (?1, ?2)",
            params![seed.uid, seed.name],
        )?;
        let id: i64 = tx.query_row("SELECT id FROM instances WHERE uid = ?1", [&seed.uid], |r| r.get(0))?;
        // Seeded by name: the same week every run.
        seed_one(&tx, id, seed.ends_in, &mut Rng::new(&seed.name), now_ms)?;
    }
    tx.commit()
}

fn seed_one(tx: &Connection, id: i64, ends_in: i64, rng: &mut Rng, now_ms: i64) -> rusqlite::Result<()> {
    let start = now_ms - 7 * DAY;
    let mut transition = tx.prepare(
        "INSERT INTO transitions (instance_id, at_ms, from_status, to_status, cause, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut sample = tx.prepare(
        "INSERT OR REPLACE INTO samples (instance_id, at_ms, battery, plugged, storage_bytes, contacts, chats, latency_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut watch =
        tx.prepare("INSERT OR REPLACE INTO watch (instance_id, start_ms, end_ms) VALUES (?1, ?2, ?3)")?;
    let mut op = tx.prepare(
        "INSERT INTO operations (instance_id, at_ms, op, ok, error, latency_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;

    // Watched: the desk's app runs most of the time, closed on two nights.
    let closed: Vec<(i64, i64)> = (0..2)
        .map(|_| {
            let night = start + rng.range(1, 6) * DAY + 20 * 60 * MIN;
            (night, night + rng.range(6 * 60, 11 * 60) * MIN)
        })
        .collect();
    let mut cursor = start;
    for &(a, b) in &closed {
        if a > cursor {
            watch.execute(params![id, cursor, a])?;
        }
        cursor = cursor.max(b);
    }
    watch.execute(params![id, cursor, now_ms - MIN])?;

    // States: paired, with a few drops of different kinds.
    let mut state = 10_i64;
    transition.execute(params![id, start, Option::<i64>::None, state, "pairing", Option::<String>::None])?;
    // The state it is in now began a while ago.
    let last = now_ms - rng.range(40, 180) * MIN;
    let mut t = start + rng.range(8 * 60, 30 * 60) * MIN;
    while t < last - 2 * 60 * MIN {
        let (to, cause, detail, lasts) = match rng.range(0, 4) {
            0 => (11, "poll", None, rng.range(20, 150)),
            1 => (super::NO_ANSWER, "error:timeout", Some("No answer within 15 s"), rng.range(2, 12)),
            2 => (0, "poll", None, rng.range(5, 40)),
            _ => (13, "op:close_session", None, rng.range(3, 20)),
        };
        transition.execute(params![id, t, state, to, cause, detail])?;
        if cause == "op:close_session" {
            op.execute(params![id, t, "close_session", true, Option::<String>::None, rng.range(90, 400)])?;
        }
        let back = t + lasts * MIN;
        let back_cause = if to == 13 { "op:restore_session" } else { "poll" };
        if to == 13 {
            op.execute(params![
                id,
                back,
                "restore_session",
                true,
                Option::<String>::None,
                rng.range(200, 900)
            ])?;
        }
        transition.execute(params![id, back, to, 10, back_cause, Option::<String>::None])?;
        state = 10;
        t = back + rng.range(6 * 60, 40 * 60) * MIN;
    }
    if ends_in != state {
        let cause = if ends_in == 0 { "op:close_session" } else { "poll" };
        transition.execute(params![id, last, state, ends_in, cause, Option::<String>::None])?;
        if ends_in == 0 {
            op.execute(params![id, last, "close_session", true, Option::<String>::None, rng.range(90, 400)])?;
        }
    }

    // Samples every 5 minutes: the battery runs down and is charged, storage grows.
    let mut battery = rng.range(60, 100);
    let mut plugged = false;
    // Near the simulator's figures, so that the live samples carry the lines on.
    let mut storage = rng.range(7_000, 7_800) * 1_000;
    let (mut contacts, mut chats) = (rng.range(50, 80), rng.range(20, 35));
    let mut at = start;
    while at < now_ms {
        if plugged {
            battery = (battery + rng.range(3, 8)).min(100);
            plugged = battery < 100 || rng.chance(50);
        } else {
            battery = (battery - rng.range(0, 3)).max(5);
            plugged = battery < rng.range(15, 35);
        }
        storage += rng.range(0, 6_000);
        if rng.chance(4) {
            contacts += 1;
        }
        if rng.chance(8) {
            chats += 1;
        }
        let latency = if rng.chance(3) { rng.range(900, 4000) } else { rng.range(60, 260) };
        sample.execute(params![id, at, battery, plugged, storage, contacts, chats, latency])?;
        at += 5 * MIN;
    }
    Ok(())
}
