//! The taxonomy editor: name, hotkey, kind, colour, description and modifiers of each event type, plus adding and
//! removing types. A hotkey that names no key, clashes with another type's or is one of the player's keys is
//! refused in words before anything is applied; each applied change is one undoable edit.

use egui::RichText;

use crate::case::{
    normalize_key, Edit, EventKind, EventType, EventTypeId, Modifier, Rgb, Taxonomy, RESERVED_PLAYER_KEYS,
};
use crate::ui::app::commands::{UiCommand, WindowCommand};

use crate::desk::{DeskCommand, DeskView};
use crate::ui::app::desk_keys::hotkey_key;

/// The editor's open flag and the drafts being typed (one per type, plus the new type).
#[derive(Default)]
pub struct TaxonomyEditor {
    pub open: bool,
    drafts: Vec<Draft>,
    /// The revision the drafts were taken from; a change elsewhere (undo) refreshes untouched drafts.
    revision: u64,
    new_type: Draft,
}

#[derive(Clone, Default, PartialEq)]
struct Draft {
    id: String,
    name: String,
    description: String,
    kind: EventKind,
    hotkey: String,
    colour: [u8; 3],
    /// One modifier per line: `Name: value, value, value`.
    modifiers: String,
}

impl Draft {
    fn of(ty: &EventType) -> Self {
        Draft {
            id: ty.id.to_string(),
            name: ty.name.clone(),
            description: ty.description.clone(),
            kind: ty.kind,
            hotkey: ty.hotkey.clone(),
            colour: [ty.colour.r, ty.colour.g, ty.colour.b],
            modifiers: ty
                .modifiers
                .iter()
                .map(|m| format!("{}: {}", m.name, m.allowed_values.join(", ")))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The event type this draft describes, keeping modifier ids of `old` whose names are unchanged.
    fn build(&self, old: Option<&EventType>) -> Result<EventType, String> {
        let mut modifiers = Vec::new();
        for (n, line) in self.modifiers.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let (name, values) = line
                .split_once(':')
                .ok_or_else(|| format!("modifier line {}: write it as `Name: value, value`", n + 1))?;
            let name = name.trim().to_owned();
            let allowed_values: Vec<String> =
                values.split(',').map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect();
            let id = old
                .and_then(|t| t.modifiers.iter().find(|m| m.name == name))
                .map_or_else(|| slug(&name), |m| m.id.clone());
            modifiers.push(Modifier { id, name, allowed_values });
        }
        if self.name.trim().is_empty() {
            return Err("give the type a name".into());
        }
        Ok(EventType {
            id: EventTypeId::new(self.id.clone()),
            name: self.name.trim().to_owned(),
            description: self.description.trim().to_owned(),
            kind: self.kind,
            hotkey: self.hotkey.trim().to_owned(),
            colour: Rgb { r: self.colour[0], g: self.colour[1], b: self.colour[2] },
            modifiers,
        })
    }
}

/// A lower-case id made of letters, digits and dashes.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Why `candidate` cannot replace (or join) the taxonomy, in words; `None` when it can.
pub fn hotkey_problem(taxonomy: &Taxonomy, candidate: &EventType) -> Option<String> {
    let key = normalize_key(&candidate.hotkey);
    if key.is_empty() {
        return Some("a hotkey is needed (one key, e.g. Q or 5)".into());
    }
    if hotkey_key(&candidate.hotkey).is_none() {
        return Some(format!("{:?} is not a key name (use one letter, digit or a name like F5)", candidate.hotkey));
    }
    if RESERVED_PLAYER_KEYS.iter().any(|k| normalize_key(k) == key) {
        return Some(format!(
            "{} is a player key ({}); choose another",
            candidate.hotkey.trim(),
            RESERVED_PLAYER_KEYS.join(" ")
        ));
    }
    taxonomy
        .types
        .iter()
        .find(|t| t.id != candidate.id && normalize_key(&t.hotkey) == key)
        .map(|t| format!("{} is already the hotkey of {}", candidate.hotkey.trim(), t.name))
}

pub fn taxonomy_ui(ctx: &egui::Context, view: &DeskView, editor: &mut TaxonomyEditor) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let taxonomy = &view.case.taxonomy;
    if editor.revision != view.revision || editor.drafts.len() != taxonomy.types.len() {
        editor.drafts = taxonomy.types.iter().map(Draft::of).collect();
        editor.revision = view.revision;
    }
    let mut open = editor.open;
    egui::Window::new("Event types")
        .id(egui::Id::unique("taxonomy-editor"))
        .open(&mut open)
        .default_width(520.0)
        .vscroll(true)
        .show(ctx, |ui| {
            ui.label(RichText::new("Each type's hotkey codes it while watching. Player keys are not allowed.").small());
            for (i, ty) in taxonomy.types.iter().enumerate() {
                let Some(draft) = editor.drafts.get_mut(i) else { break };
                ui.separator();
                out.extend(type_row(ui, taxonomy, ty, draft));
            }
            ui.separator();
            ui.label(RichText::new("Add a type").strong());
            out.extend(new_type_row(ui, taxonomy, &mut editor.new_type));
            ui.separator();
            if ui.button("Close").clicked() {
                out.push(UiCommand::Window(WindowCommand::CloseTaxonomy));
            }
        });
    if !open {
        out.push(UiCommand::Window(WindowCommand::CloseTaxonomy));
    }
    out
}

fn fields(ui: &mut egui::Ui, draft: &mut Draft, salt: &str) {
    egui::Grid::new(("taxonomy-fields", salt)).num_columns(2).show(ui, |ui| {
        ui.label("Name");
        ui.add(egui::TextEdit::singleline(&mut draft.name).desired_width(200.0));
        ui.end_row();
        ui.label("Hotkey");
        ui.add(egui::TextEdit::singleline(&mut draft.hotkey).desired_width(60.0).id_salt(("hotkey", salt)));
        ui.end_row();
        ui.label("Kind");
        ui.horizontal(|ui| {
            ui.selectable_value(&mut draft.kind, EventKind::Point, "point");
            ui.selectable_value(&mut draft.kind, EventKind::Interval, "interval");
        });
        ui.end_row();
        ui.label("Colour");
        ui.color_edit_button_srgb(&mut draft.colour);
        ui.end_row();
        ui.label("Description");
        ui.add(egui::TextEdit::multiline(&mut draft.description).desired_rows(1).desired_width(320.0));
        ui.end_row();
        ui.label("Modifiers").on_hover_text("One per line: Name: value, value, value");
        ui.add(egui::TextEdit::multiline(&mut draft.modifiers).desired_rows(2).desired_width(320.0));
        ui.end_row();
    });
}

fn type_row(ui: &mut egui::Ui, taxonomy: &Taxonomy, ty: &EventType, draft: &mut Draft) -> Vec<UiCommand> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        crate::ui::style::swatch_ui(ui, crate::ui::style::rgb_colour(ty.colour), 12.0);
        ui.label(RichText::new(format!("{} [{}]", ty.name, ty.hotkey)).strong());
        ui.label(RichText::new(ty.id.to_string()).small().weak());
    });
    fields(ui, draft, ty.id.as_str());
    let built = draft.build(Some(ty));
    let problem = match &built {
        Ok(candidate) => hotkey_problem(taxonomy, candidate),
        Err(e) => Some(e.clone()),
    };
    let changed = *draft != Draft::of(ty);
    ui.horizontal(|ui| {
        if let Some(p) = &problem {
            ui.colored_label(ui.visuals().error_fg_color, p);
        }
        if ui.add_enabled(changed && problem.is_none(), egui::Button::new("Apply")).clicked() {
            if let Ok(candidate) = built {
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::UpdateEventType(Box::new(candidate)))));
            }
        }
        if changed && ui.button("Revert").clicked() {
            *draft = Draft::of(ty);
        }
        if ui.button("Remove type").on_hover_text("Refused while events of this type exist").clicked() {
            out.push(UiCommand::Desk(DeskCommand::Edit(Edit::RemoveEventType(ty.id.clone()))));
        }
    });
    out
}

fn new_type_row(ui: &mut egui::Ui, taxonomy: &Taxonomy, draft: &mut Draft) -> Vec<UiCommand> {
    let mut out = Vec::new();
    draft.id = slug(&draft.name);
    fields(ui, draft, "new");
    let built = draft.build(None);
    let problem = match &built {
        Ok(candidate) if taxonomy.get(&candidate.id).is_some() => {
            Some(format!("a type with id {} exists", candidate.id))
        }
        Ok(candidate) => hotkey_problem(taxonomy, candidate),
        Err(e) => Some(e.clone()),
    };
    ui.horizontal(|ui| {
        if let Some(p) = &problem {
            ui.colored_label(ui.visuals().error_fg_color, p);
        }
        if ui.add_enabled(problem.is_none(), egui::Button::new("Add type")).clicked() {
            if let Ok(candidate) = built {
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::AddEventType {
                    event_type: Box::new(candidate),
                    index: None,
                })));
                *draft = Draft::default();
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact_with(hotkey: &str) -> EventType {
        let taxonomy = Taxonomy::default_vehicle_bodycam();
        let mut ty = taxonomy.get(&"contact".into()).cloned().unwrap_or_default();
        ty.hotkey = hotkey.into();
        ty
    }

    #[test]
    fn hotkey_problems_are_named() {
        let taxonomy = Taxonomy::default_vehicle_bodycam();
        assert_eq!(hotkey_problem(&taxonomy, &contact_with("C")), None, "its own key is fine");
        assert_eq!(hotkey_problem(&taxonomy, &contact_with("q")), None);
        assert!(hotkey_problem(&taxonomy, &contact_with("b")).is_some_and(|p| p.contains("Brake-check")));
        assert!(hotkey_problem(&taxonomy, &contact_with("J")).is_some_and(|p| p.contains("player key")));
        assert!(hotkey_problem(&taxonomy, &contact_with("M")).is_some_and(|p| p.contains("player key")));
        assert!(hotkey_problem(&taxonomy, &contact_with("qq")).is_some_and(|p| p.contains("not a key")));
        assert!(hotkey_problem(&taxonomy, &contact_with(" ")).is_some_and(|p| p.contains("needed")));
    }

    #[test]
    fn drafts_round_trip_and_keep_modifier_ids() {
        let taxonomy = Taxonomy::default_vehicle_bodycam();
        for ty in &taxonomy.types {
            assert_eq!(Draft::of(ty).build(Some(ty)).as_ref(), Ok(ty));
        }
        let ty = &taxonomy.types[0];
        let mut draft = Draft::of(ty);
        draft.modifiers.push_str("\nLighting: day, night");
        let built = draft.build(Some(ty)).unwrap_or_default();
        assert_eq!(built.modifiers.last().map(|m| (m.id.as_str(), m.allowed_values.len())), Some(("lighting", 2)));
        draft.modifiers = "no colon here".into();
        assert!(draft.build(Some(ty)).is_err());
        assert_eq!(slug("  Hand-off / relay "), "hand-off-relay");
    }
}
