//! The History card: a status strip over 24 h / 7 d / 30 d (hatched where the app was not
//! watching), uptime over the time watched, drops, and charts of battery, poll latency and
//! storage. It draws what the history answered; it asks through `Action::WantHistory`.

use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, Ui, vec2};
use egui_plot::{Line, Plot, PlotPoints};

use super::style;
use crate::api::StatusCode;
use crate::app::history::{HistoryCache, Recording, WINDOWS};
use crate::app::intent::{Action, Out};
use crate::app::state::{InstanceState, operation_name, status_friendly};
use crate::backend::Operation;
use crate::format;
use crate::history::{HistoryWindow, NO_ANSWER, Span, SpanKind, timeline};
use crate::tr;

pub const STRIP_HEIGHT: f32 = 22.0;
const CHART_HEIGHT: f32 = 92.0;

/// The card; `hours` is the window chosen (kept by the caller across frames).
pub fn card(ui: &mut Ui, inst: &InstanceState, cache: &HistoryCache, hours: &mut u32, out: &mut Out) {
    super::widgets::plain_card(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(tr!("panel-history")).strong().size(15.0));
            ui.add_space(8.0);
            for h in WINDOWS {
                ui.selectable_value(hours, h, window_label(h));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let on = cache.recording == Recording::On;
                if ui.add_enabled(on, egui::Button::new(tr!("history-export-csv"))).clicked() {
                    out.act(Action::ExportHistoryCsv { id: inst.id, hours: *hours });
                }
            });
        });
        match &cache.recording {
            Recording::On => {}
            Recording::Disabled => {
                ui.label(RichText::new(tr!("history-disabled")).weak());
                return;
            }
            Recording::Off(reason) => {
                let text = if reason.is_empty() { tr!("history-off") } else { reason.clone() };
                ui.label(RichText::new(text).weak());
                return;
            }
        }
        out.act(Action::WantHistory { id: inst.id, hours: *hours });
        let entry = cache.get(inst.id, *hours);
        if let Some(error) = entry.and_then(|e| e.error.as_ref()) {
            ui.colored_label(style::error_color(ui.visuals()), tr!("history-failed", reason = error.clone()));
        }
        match entry.and_then(|e| e.data.as_deref()) {
            Some(w) => {
                strip(ui, w, *hours);
                summary(ui, w);
                ui.add_space(6.0);
                charts(ui, inst, w);
            }
            None => {
                ui.label(RichText::new(tr!("history-loading")).weak());
            }
        }
    });
}

pub fn window_label(hours: u32) -> String {
    if hours <= 24 { tr!("history-24h") } else { tr!("history-days", days = (hours / 24).to_string()) }
}

/// The colour of a state on the strip: the side panel's dot colours.
pub fn kind_color(visuals: &egui::Visuals, kind: SpanKind) -> Color32 {
    match kind {
        SpanKind::Unwatched => visuals.faint_bg_color,
        SpanKind::State(NO_ANSWER) => style::error_color(visuals),
        SpanKind::State(code) => style::status_color(visuals, Some(StatusCode::from_code(code)), false),
    }
}

pub fn kind_label(kind: SpanKind) -> String {
    match kind {
        SpanKind::Unwatched => tr!("history-not-watched"),
        SpanKind::State(NO_ANSWER) => tr!("history-no-answer"),
        SpanKind::State(code) => status_friendly(StatusCode::from_code(code)),
    }
}

/// Why a state began, in words.
pub fn cause_label(cause: &str) -> String {
    if let Some(op) = cause.strip_prefix("op:") {
        let op = match op {
            "disconnect" => Some(Operation::Disconnect),
            "close_session" => Some(Operation::CloseSession),
            "save_session" => Some(Operation::SaveSession),
            "restore_session" => Some(Operation::RestoreSession),
            "clear" => Some(Operation::Clear),
            "set_config" => Some(Operation::SetConfig),
            _ => None,
        };
        return op.map_or_else(|| cause.to_owned(), |op| tr!("history-cause-op", op = operation_name(op)));
    }
    if let Some(kind) = cause.strip_prefix("error:") {
        return tr!("history-cause-error", kind = kind.replace('-', " "));
    }
    match cause {
        "poll" => tr!("history-cause-poll"),
        "pairing" => tr!("history-cause-pairing"),
        "" => String::new(),
        other => other.to_owned(),
    }
}

/// Local time of a Unix-ms instant: "13:33", or with its day "Nov 30 13:33".
fn local(ms: i64, with_date: bool) -> String {
    use chrono::TimeZone;
    match chrono::Local.timestamp_millis_opt(ms).single() {
        Some(t) if with_date => format::day_time(&t),
        Some(t) => t.format("%H:%M").to_string(),
        None => String::new(),
    }
}

/// The strip: one rectangle per run of a state at the strip's pixel width; hatched where not
/// watched; a tooltip for the span under the pointer.
fn strip(ui: &mut Ui, w: &HistoryWindow, hours: u32) {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, STRIP_HEIGHT), Sense::hover());
    let label = strip_label(w, hours);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
    paint_spans(ui, rect, &w.spans, w.from_ms, w.to_ms);
    span_hover(response, rect, &w.spans, w.from_ms, w.to_ms);
    // The window's ends under the strip, in a row only as tall as its small text.
    let row = vec2(ui.available_width(), ui.text_style_height(&egui::TextStyle::Small));
    ui.allocate_ui_with_layout(row, egui::Layout::left_to_right(egui::Align::Center), |ui| {
        let with_date = hours > 24;
        ui.label(RichText::new(local(w.from_ms, with_date)).weak().small());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(tr!("history-now")).weak().small());
        });
    });
}

/// The spans of `from_ms..to_ms` across `rect`: one rectangle per run of a state at the
/// rect's pixel width (so the cost is the width's, not the history's), hatched where not
/// watched. Also the overview's 24 h column.
pub fn paint_spans(ui: &Ui, rect: Rect, spans: &[Span], from_ms: i64, to_ms: i64) {
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let columns = (rect.width() * ui.ctx().pixels_per_point()).round().max(1.0) as usize;
    let per_col = rect.width() / columns as f32;
    for (a, b, kind) in timeline::to_columns(spans, from_ms, to_ms, columns) {
        let r = Rect::from_min_max(
            Pos2::new(rect.left() + a as f32 * per_col, rect.top()),
            Pos2::new(rect.left() + b as f32 * per_col, rect.bottom()),
        );
        painter.rect_filled(r, 0.0, kind_color(visuals, kind));
        if kind == SpanKind::Unwatched {
            hatch(&painter, r, visuals.weak_text_color().gamma_multiply(0.5));
        }
    }
    painter.rect_stroke(rect, 2.0, visuals.widgets.noninteractive.bg_stroke, egui::StrokeKind::Inside);
}

/// The span under the pointer, in a tooltip.
pub fn span_hover(response: egui::Response, rect: Rect, spans: &[Span], from_ms: i64, to_ms: i64) {
    if let Some(pos) = response.hover_pos() {
        let t = from_ms + ((pos.x - rect.left()) / rect.width() * (to_ms - from_ms) as f32) as i64;
        if let Some(span) = spans.iter().find(|s| s.start_ms <= t && t < s.end_ms) {
            let span = span.clone();
            response.on_hover_ui_at_pointer(|ui| span_tooltip(ui, &span));
        }
    }
}

/// Diagonal lines across `r`, clipped to it.
fn hatch(painter: &egui::Painter, r: Rect, color: Color32) {
    let painter = painter.with_clip_rect(r.intersect(painter.clip_rect()));
    let step = 6.0;
    let mut x = r.left() - r.height();
    while x < r.right() {
        painter.line_segment(
            [Pos2::new(x, r.bottom()), Pos2::new(x + r.height(), r.top())],
            Stroke::new(1.0, color),
        );
        x += step;
    }
}

fn span_tooltip(ui: &mut Ui, span: &Span) {
    ui.label(RichText::new(kind_label(span.kind)).strong());
    ui.label(tr!(
        "history-span-times",
        start = local(span.start_ms, true),
        end = local(span.end_ms, true),
        duration = format::duration_ms(span.duration_ms())
    ));
    let cause = cause_label(&span.cause);
    if !cause.is_empty() {
        ui.label(tr!("history-span-cause", cause = cause));
    }
}

/// What the strip says, for screen readers and tests.
pub fn strip_label(w: &HistoryWindow, hours: u32) -> String {
    tr!("history-strip-label", window = window_label(hours), uptime = uptime_text(w))
}

/// "99.2 % of the 71 % watched", or that nothing was watched.
pub fn uptime_text(w: &HistoryWindow) -> String {
    match w.uptime.percent() {
        Some(p) => tr!(
            "history-uptime",
            percent = format::percent1(p),
            watched = format!("{:.0}", w.uptime.watched_percent())
        ),
        None => tr!("history-uptime-none"),
    }
}

fn summary(ui: &mut Ui, w: &HistoryWindow) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(uptime_text(w)).strong());
        ui.label("·");
        ui.label(tr!("history-drops", count = w.drops as i64));
        if let Some(d) = &w.last_drop {
            ui.label("·");
            let cause = cause_label(&d.cause);
            ui.label(tr!(
                "history-last-drop",
                at = local(d.at_ms, true),
                state = kind_label(SpanKind::State(d.to)),
                cause = cause
            ));
        }
    });
}

/// Battery (plugged-in time shaded), poll latency and storage, side by side, on one time axis
/// in local time.
fn charts(ui: &mut Ui, inst: &InstanceState, w: &HistoryWindow) {
    if w.samples.is_empty() {
        ui.label(RichText::new(tr!("history-no-samples")).weak());
        return;
    }
    let span_s = (w.to_ms - w.from_ms) as f64 / 1000.0;
    let x = |ms: i64| (ms - w.from_ms) as f64 / 1000.0;
    let with_date = span_s > 26.0 * 3600.0;
    let from_ms = w.from_ms;
    let step = time_step(span_s);
    let x_fmt = move |mark: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>| {
        let at = from_ms + (mark.value * 1000.0).round() as i64;
        if step >= DAY_S { local_day(at) } else { local(at, false) }
    };
    let offset_s = local_offset_s(from_ms);
    let ok = style::ok_color(ui.visuals());
    let blue = style::progress_color(ui.visuals());
    let warn = style::warn_color(ui.visuals());
    let plot = |name: &str| {
        Plot::new((name.to_owned(), inst.id))
            .height(CHART_HEIGHT)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_background(false)
            .default_x_bounds(0.0, span_s)
            .x_grid_spacer(move |input| time_marks(from_ms, offset_s, input.bounds, step))
            .x_axis_formatter(x_fmt)
    };
    ui.columns(3, |cols| {
        cols[0].label(RichText::new(tr!("history-chart-battery")).small());
        let battery: Vec<[f64; 2]> =
            w.samples.iter().filter_map(|s| Some([x(s.at_ms), s.battery? as f64])).collect();
        let plugged = plugged_runs(w);
        plot("history-battery")
            .include_y(0.0)
            .include_y(100.0)
            .y_axis_formatter(|m, _| format!("{:.0}%", m.value))
            .label_formatter(move |pos| hover_text(from_ms, with_date, pos, "%"))
            .show(&mut cols[0], |p| {
                for (a, b) in &plugged {
                    p.add(
                        egui_plot::Span::new(tr!("history-plugged"), x(*a)..=x(*b))
                            .fill(ok.gamma_multiply(0.18)),
                    );
                }
                p.line(Line::new(tr!("history-chart-battery"), PlotPoints::from(battery)).color(ok));
            });
        cols[1].label(RichText::new(tr!("history-chart-latency")).small());
        let latency: Vec<[f64; 2]> =
            w.samples.iter().filter_map(|s| Some([x(s.at_ms), s.latency_ms? as f64])).collect();
        plot("history-latency")
            .include_y(0.0)
            .y_axis_formatter(|m, _| format!("{:.0} ms", m.value))
            .label_formatter(move |pos| hover_text(from_ms, with_date, pos, " ms"))
            .show(&mut cols[1], |p| {
                p.line(Line::new(tr!("history-chart-latency"), PlotPoints::from(latency)).color(blue));
            });
        cols[2].label(RichText::new(tr!("history-chart-storage")).small());
        let storage: Vec<[f64; 2]> =
            w.samples.iter().filter_map(|s| Some([x(s.at_ms), s.storage_bytes? as f64 / 1e6])).collect();
        plot("history-storage")
            .y_axis_formatter(|m, _| format::bytes((m.value.max(0.0) * 1e6) as u64))
            .label_formatter(move |pos| hover_text(from_ms, with_date, pos, " MB"))
            .show(&mut cols[2], |p| {
                p.line(Line::new(tr!("history-chart-storage"), PlotPoints::from(storage)).color(warn));
            });
    });
}

const DAY_S: f64 = 86_400.0;

/// The grid step for a window of `span_s` seconds: about four labels a chart, on whole local
/// hours or days.
pub fn time_step(span_s: f64) -> f64 {
    const STEPS: [f64; 8] =
        [3600.0, 3.0 * 3600.0, 6.0 * 3600.0, 12.0 * 3600.0, DAY_S, 2.0 * DAY_S, 7.0 * DAY_S, 14.0 * DAY_S];
    STEPS.into_iter().find(|s| span_s / s <= 5.0).unwrap_or(30.0 * DAY_S)
}

/// Grid marks every `step` seconds (x is seconds since `from_ms`), on local time boundaries.
pub fn time_marks(from_ms: i64, offset_s: i64, bounds: (f64, f64), step: f64) -> Vec<egui_plot::GridMark> {
    let from_local_s = (from_ms as f64 / 1000.0) + offset_s as f64;
    // The first x whose local time is a multiple of the step.
    let first = step - from_local_s.rem_euclid(step);
    let mut marks = Vec::new();
    let mut x = first + ((bounds.0 - first) / step).floor() * step;
    while x <= bounds.1 {
        if x >= bounds.0 {
            marks.push(egui_plot::GridMark { value: x, step_size: step });
        }
        x += step;
    }
    marks
}

/// The local time zone's offset from UTC at `ms`, in seconds.
fn local_offset_s(ms: i64) -> i64 {
    use chrono::{Offset, TimeZone};
    chrono::Local
        .timestamp_millis_opt(ms)
        .single()
        .map_or(0, |t| i64::from(t.offset().fix().local_minus_utc()))
}

fn local_day(ms: i64) -> String {
    use chrono::TimeZone;
    chrono::Local.timestamp_millis_opt(ms).single().map(|t| format::day(&t)).unwrap_or_default()
}

fn hover_text(
    from_ms: i64,
    with_date: bool,
    pos: &egui_plot::HoverPosition<'_>,
    unit: &str,
) -> Option<String> {
    let p = match pos {
        egui_plot::HoverPosition::NearDataPoint { position, .. } => position,
        egui_plot::HoverPosition::Elsewhere { .. } => return None,
    };
    Some(format!("{}\n{:.0}{unit}", local(from_ms + (p.x * 1000.0) as i64, with_date), p.y))
}

/// The runs of samples taken while plugged in: (start, end) in Unix ms.
fn plugged_runs(w: &HistoryWindow) -> Vec<(i64, i64)> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    let mut open: Option<i64> = None;
    for (i, s) in w.samples.iter().enumerate() {
        let end = w.samples.get(i + 1).map_or(w.to_ms.min(s.at_ms + 5 * 60_000), |n| n.at_ms);
        match (s.plugged == Some(true), open) {
            (true, None) => open = Some(s.at_ms),
            (false, Some(a)) => {
                runs.push((a, s.at_ms));
                open = None;
            }
            _ => {}
        }
        if i + 1 == w.samples.len()
            && let Some(a) = open
        {
            runs.push((a, end));
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_marks_fall_on_whole_local_hours_and_days() {
        let from_ms = 1_700_000_000_000; // 22:13:20 UTC
        let marks = time_marks(from_ms, 0, (0.0, 86_400.0), 3600.0);
        assert_eq!(marks.len(), 24);
        assert_eq!(marks[0].value, 2800.0, "23:00");
        // Three hours ahead of UTC: local midnight is 21:00 UTC.
        let days = time_marks(from_ms, 3 * 3600, (0.0, 7.0 * 86_400.0), DAY_S);
        assert_eq!(days.len(), 7);
        let first_utc_s = from_ms / 1000 + days[0].value as i64;
        assert_eq!((first_utc_s + 3 * 3600) % 86_400, 0);
        assert_eq!(time_step(86_400.0), 6.0 * 3600.0);
        assert_eq!(time_step(7.0 * 86_400.0), 2.0 * DAY_S);
        assert_eq!(time_step(30.0 * 86_400.0), 7.0 * DAY_S);
    }
}
