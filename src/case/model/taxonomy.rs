//! The taxonomy of event types a reviewer codes (point or interval, hotkey, colour, modifiers),
//! the default vehicle/body-cam taxonomy, and validation against the player's reserved keys.

use crate::case::model::ids::EventTypeId;
use serde::{Deserialize, Serialize};

/// Keys the player and the coding desk already use (plain or with Ctrl); an event-type hotkey must not be one of
/// them. G, S and Z are reserved because the window binds Ctrl+G, Ctrl+S and Ctrl+Z; M mutes; I/O mark in/out; F1 and ?
/// show the shortcut sheet.
pub const RESERVED_PLAYER_KEYS: &[&str] = &[
    "Space",
    "J",
    "K",
    "L",
    "I",
    "O",
    "Left",
    "Right",
    "Home",
    "End",
    "G",
    "S",
    "Z",
    "M",
    "Delete",
    "Escape",
    "Enter",
    "Tab",
    "Backspace",
    "F1",
    "?",
];

/// Whether an event marks one frame or a span of frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum EventKind {
    #[default]
    Point,
    Interval,
}

/// An sRGB colour for timeline marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// A qualifier of an event, e.g. actor or certainty, with the values a reviewer may choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Modifier {
    pub id: String,
    pub name: String,
    pub allowed_values: Vec<String>,
}

/// One kind of event a reviewer can code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct EventType {
    pub id: EventTypeId,
    pub name: String,
    pub description: String,
    pub kind: EventKind,
    /// A single key name: a letter or digit ("F", "7") or a named key ("F5").
    pub hotkey: String,
    pub colour: Rgb,
    pub modifiers: Vec<Modifier>,
}

/// The ordered list of event types (order is the palette order in the UI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Taxonomy {
    pub types: Vec<EventType>,
}

/// Something wrong with a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxonomyProblem {
    HotkeyReserved { type_id: EventTypeId, hotkey: String },
    HotkeyClash { first: EventTypeId, second: EventTypeId, hotkey: String },
    HotkeyEmpty { type_id: EventTypeId },
    DuplicateTypeId { type_id: EventTypeId },
    DuplicateModifierId { type_id: EventTypeId, modifier_id: String },
    ModifierWithoutValues { type_id: EventTypeId, modifier_id: String },
}

impl std::fmt::Display for TaxonomyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::HotkeyReserved { type_id, hotkey } => {
                write!(f, "event type {type_id}: hotkey {hotkey:?} is reserved by the player")
            }
            Self::HotkeyClash { first, second, hotkey } => {
                write!(f, "event types {first} and {second} share hotkey {hotkey:?}")
            }
            Self::HotkeyEmpty { type_id } => write!(f, "event type {type_id} has no hotkey"),
            Self::DuplicateTypeId { type_id } => write!(f, "event type id {type_id} appears twice"),
            Self::DuplicateModifierId { type_id, modifier_id } => {
                write!(f, "event type {type_id}: modifier {modifier_id:?} appears twice")
            }
            Self::ModifierWithoutValues { type_id, modifier_id } => {
                write!(f, "event type {type_id}: modifier {modifier_id:?} allows no values")
            }
        }
    }
}

/// Canonical form of a key name for comparison: trimmed, case-insensitive.
pub fn normalize_key(key: &str) -> String {
    key.trim().to_uppercase()
}

impl Taxonomy {
    pub fn get(&self, id: &EventTypeId) -> Option<&EventType> {
        self.types.iter().find(|t| &t.id == id)
    }

    /// The type's name, or its id when the taxonomy no longer has it (the one rule every panel and export uses).
    pub fn name_or_id<'a>(&'a self, id: &'a EventTypeId) -> &'a str {
        self.get(id).map_or(id.as_str(), |t| t.name.as_str())
    }

    pub fn position(&self, id: &EventTypeId) -> Option<usize> {
        self.types.iter().position(|t| &t.id == id)
    }

    /// Every problem found: hotkeys that clash with each other or with `RESERVED_PLAYER_KEYS`,
    /// empty hotkeys, duplicate ids, modifiers without values. Empty means valid.
    pub fn validate(&self) -> Vec<TaxonomyProblem> {
        let reserved: Vec<String> = RESERVED_PLAYER_KEYS.iter().map(|k| normalize_key(k)).collect();
        let mut problems = Vec::new();
        for (i, ty) in self.types.iter().enumerate() {
            let key = normalize_key(&ty.hotkey);
            if key.is_empty() {
                problems.push(TaxonomyProblem::HotkeyEmpty { type_id: ty.id.clone() });
            } else if reserved.contains(&key) {
                problems.push(TaxonomyProblem::HotkeyReserved { type_id: ty.id.clone(), hotkey: ty.hotkey.clone() });
            }
            for earlier in &self.types[..i] {
                if earlier.id == ty.id {
                    problems.push(TaxonomyProblem::DuplicateTypeId { type_id: ty.id.clone() });
                }
                if !key.is_empty() && normalize_key(&earlier.hotkey) == key {
                    problems.push(TaxonomyProblem::HotkeyClash {
                        first: earlier.id.clone(),
                        second: ty.id.clone(),
                        hotkey: ty.hotkey.clone(),
                    });
                }
            }
            for (j, modifier) in ty.modifiers.iter().enumerate() {
                if ty.modifiers[..j].iter().any(|m| m.id == modifier.id) {
                    problems.push(TaxonomyProblem::DuplicateModifierId {
                        type_id: ty.id.clone(),
                        modifier_id: modifier.id.clone(),
                    });
                }
                if modifier.allowed_values.is_empty() {
                    problems.push(TaxonomyProblem::ModifierWithoutValues {
                        type_id: ty.id.clone(),
                        modifier_id: modifier.id.clone(),
                    });
                }
            }
        }
        problems
    }

    /// The default taxonomy for vehicle encounters filmed on body cams and dash cams.
    pub fn default_vehicle_bodycam() -> Self {
        use EventKind::{Interval, Point};
        let vehicle = || vec![vehicle_actor(), certainty()];
        let person = || vec![person_actor(), certainty()];
        let types = vec![
            event_type(
                "following",
                "Following",
                "One vehicle follows another.",
                Interval,
                "F",
                (66, 135, 245),
                vehicle(),
            ),
            event_type(
                "brake-check",
                "Brake-check",
                "A lead vehicle brakes hard and without traffic reason in front of a follower (from brake lights on to \
                 the end of the braking).",
                Interval,
                "B",
                (245, 166, 35),
                vehicle(),
            ),
            event_type(
                "contact",
                "Contact",
                "Vehicles (or a vehicle and a person) touch; any collision or accident.",
                Point,
                "C",
                (220, 50, 47),
                vehicle(),
            ),
            event_type(
                "ramming",
                "Ramming",
                "A vehicle deliberately drives into another vehicle or person.",
                Point,
                "R",
                (170, 0, 0),
                vehicle(),
            ),
            event_type(
                "boxing-in",
                "Boxing in / blocking",
                "Vehicles position to block or box in another vehicle.",
                Interval,
                "X",
                (148, 103, 189),
                vehicle(),
            ),
            event_type(
                "erratic-driving",
                "Erratic driving",
                "Swerving, sudden lane changes or speed changes without apparent cause.",
                Interval,
                "E",
                (255, 127, 14),
                vehicle(),
            ),
            event_type(
                "verbal-command",
                "Verbal command",
                "An audible order or instruction.",
                Point,
                "V",
                (23, 190, 207),
                person(),
            ),
            event_type(
                "weapon-displayed",
                "Weapon displayed",
                "A weapon is drawn, pointed or shown.",
                Interval,
                "W",
                (140, 86, 75),
                person(),
            ),
            event_type(
                "force-used",
                "Force used",
                "Physical force or a weapon is used on a person or vehicle.",
                Interval,
                "U",
                (214, 39, 40),
                person(),
            ),
            event_type(
                "bystander-recording",
                "Bystander recording",
                "An observer films the encounter.",
                Interval,
                "Y",
                (44, 160, 44),
                person(),
            ),
        ];
        Self { types }
    }
}

fn event_type(
    id: &str,
    name: &str,
    description: &str,
    kind: EventKind,
    hotkey: &str,
    (r, g, b): (u8, u8, u8),
    modifiers: Vec<Modifier>,
) -> EventType {
    EventType {
        id: EventTypeId::new(id),
        name: name.to_owned(),
        description: description.to_owned(),
        kind,
        hotkey: hotkey.to_owned(),
        colour: Rgb { r, g, b },
        modifiers,
    }
}

fn modifier(id: &str, name: &str, values: &[&str]) -> Modifier {
    Modifier {
        id: id.to_owned(),
        name: name.to_owned(),
        allowed_values: values.iter().map(|v| (*v).to_owned()).collect(),
    }
}

fn vehicle_actor() -> Modifier {
    modifier("actor", "Actor", &["agency vehicle", "civilian vehicle", "unknown"])
}

fn person_actor() -> Modifier {
    modifier("actor", "Actor", &["agent", "civilian", "unknown"])
}

fn certainty() -> Modifier {
    modifier("certainty", "Certainty", &["certain", "probable", "possible"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_taxonomy_is_valid_and_complete() {
        let taxonomy = Taxonomy::default_vehicle_bodycam();
        assert_eq!(taxonomy.validate(), vec![]);
        assert_eq!(taxonomy.types.len(), 10);
    }

    #[test]
    fn validate_reports_clashes() {
        let mut taxonomy = Taxonomy::default_vehicle_bodycam();
        taxonomy.types[0].hotkey = "j".into();
        taxonomy.types[1].hotkey = "c".into();
        taxonomy.types[2].modifiers.push(modifier("certainty", "again", &[]));
        let problems = taxonomy.validate();
        assert!(problems.contains(&TaxonomyProblem::HotkeyReserved { type_id: "following".into(), hotkey: "j".into() }));
        assert!(problems.contains(&TaxonomyProblem::HotkeyClash {
            first: "brake-check".into(),
            second: "contact".into(),
            hotkey: "C".into()
        }));
        assert!(problems.iter().any(|p| matches!(p, TaxonomyProblem::DuplicateModifierId { .. })));
        assert!(problems.iter().any(|p| matches!(p, TaxonomyProblem::ModifierWithoutValues { .. })));
    }
}
