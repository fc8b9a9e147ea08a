//! Which rows of the overview are selected, as a file manager does it: a click selects one,
//! Ctrl-click adds or removes one, Shift-click selects the range from the last clicked, Ctrl+A
//! all that the filter shows. Pure: it is given the order on screen.

use std::collections::HashSet;

use crate::backend::InstanceId;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    ids: HashSet<InstanceId>,
    /// Where a Shift-click's range starts: the row last clicked without Shift.
    anchor: Option<InstanceId>,
}

/// The modifiers of a click, as far as selecting goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClickMods {
    pub toggle: bool,
    pub range: bool,
}

impl Selection {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn contains(&self, id: InstanceId) -> bool {
        self.ids.contains(&id)
    }

    pub fn clear(&mut self) {
        self.ids.clear();
        self.anchor = None;
    }

    /// A click on `id`, with `order` the rows as shown.
    pub fn click(&mut self, id: InstanceId, mods: ClickMods, order: &[InstanceId]) {
        match (mods.range, self.anchor) {
            (true, Some(anchor)) => {
                let (Some(a), Some(b)) =
                    (order.iter().position(|&i| i == anchor), order.iter().position(|&i| i == id))
                else {
                    return self.click(id, ClickMods::default(), order);
                };
                if !mods.toggle {
                    self.ids.clear();
                }
                self.ids.extend(&order[a.min(b)..=a.max(b)]);
            }
            _ if mods.toggle => {
                if !self.ids.remove(&id) {
                    self.ids.insert(id);
                }
                self.anchor = Some(id);
            }
            _ => {
                self.ids.clear();
                self.ids.insert(id);
                self.anchor = Some(id);
            }
        }
    }

    /// Ctrl+A: every row shown.
    pub fn select_all(&mut self, order: &[InstanceId]) {
        self.ids = order.iter().copied().collect();
        self.anchor = order.first().copied();
    }

    /// Keeps only rows still shown (after the filter changed).
    pub fn keep_only(&mut self, order: &[InstanceId]) {
        let shown: HashSet<InstanceId> = order.iter().copied().collect();
        self.ids.retain(|id| shown.contains(id));
        if self.anchor.is_some_and(|a| !shown.contains(&a)) {
            self.anchor = None;
        }
    }

    /// The selected ids in the order shown.
    pub fn in_order(&self, order: &[InstanceId]) -> Vec<InstanceId> {
        order.iter().copied().filter(|id| self.ids.contains(id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [InstanceId; 6] = [10, 20, 30, 40, 50, 60];
    const PLAIN: ClickMods = ClickMods { toggle: false, range: false };
    const CTRL: ClickMods = ClickMods { toggle: true, range: false };
    const SHIFT: ClickMods = ClickMods { toggle: false, range: true };

    #[test]
    fn click_ctrl_click_and_shift_click_select_as_a_file_manager_does() {
        let mut s = Selection::default();
        s.click(30, PLAIN, &ORDER);
        s.click(10, PLAIN, &ORDER);
        assert_eq!(s.in_order(&ORDER), [10], "a click selects one");
        s.click(40, CTRL, &ORDER);
        assert_eq!(s.in_order(&ORDER), [10, 40], "Ctrl adds");
        s.click(10, CTRL, &ORDER);
        assert_eq!(s.in_order(&ORDER), [40], "Ctrl removes");
        s.click(40, PLAIN, &ORDER);
        s.click(60, SHIFT, &ORDER);
        assert_eq!(s.in_order(&ORDER), [40, 50, 60], "Shift: from the last clicked");
        s.click(20, SHIFT, &ORDER);
        assert_eq!(s.in_order(&ORDER), [20, 30, 40], "the anchor stays");
        s.click(60, ClickMods { toggle: true, range: true }, &ORDER);
        assert_eq!(s.in_order(&ORDER), [20, 30, 40, 50, 60], "Ctrl+Shift adds the range");
        s.select_all(&ORDER[..4]);
        assert_eq!(s.len(), 4);
        s.keep_only(&[20, 30]);
        assert_eq!(s.in_order(&ORDER), [20, 30]);
        s.clear();
        assert!(s.is_empty());
        s.click(50, SHIFT, &ORDER);
        assert_eq!(s.in_order(&ORDER), [50], "Shift without an anchor is a click");
    }
}
