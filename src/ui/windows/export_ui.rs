//! The window's export dialog: pick a format, a destination and the choices `claimframe export` takes
//! ([`super::export_options_ui`]), then the export runs on its own thread through [`crate::exchange`] (the same
//! code as the command line) while the dialog shows its progress and result.

use std::path::PathBuf;
use std::sync::mpsc;

use crate::case::EventId;
use crate::exchange::{ExportFormat, ExportRequest};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::windows::export_options_ui::{apply_options, options_ui, CaseChoices, ExportOptions};

/// What the export thread reports.
enum JobMessage {
    Progress(String),
    Done(Result<String, String>),
}

/// A running (or finished) export.
pub struct ExportJob {
    rx: mpsc::Receiver<JobMessage>,
    pub last_line: String,
    pub result: Option<Result<String, String>>,
}

impl ExportJob {
    /// Starts `request` on a new thread.
    pub fn start(request: ExportRequest) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let progress_tx = tx.clone();
            let result = crate::exchange::export(&request, &|line| {
                let _ = progress_tx.send(JobMessage::Progress(line.to_owned()));
            });
            let _ = tx.send(JobMessage::Done(result.map_err(|e| format!("{e:#}"))));
        });
        ExportJob { rx, last_line: "starting…".into(), result: None }
    }

    /// Takes in what the thread has said since the last frame.
    pub fn poll(&mut self) {
        while let Ok(msg) = self.rx.try_recv() {
            match msg {
                JobMessage::Progress(line) => self.last_line = line,
                JobMessage::Done(result) => self.result = Some(result),
            }
        }
        if self.result.is_none() && matches!(self.rx.try_recv(), Err(mpsc::TryRecvError::Disconnected)) {
            self.result = Some(Err("the export stopped without a result".into()));
        }
    }

    pub fn is_running(&self) -> bool {
        self.result.is_none()
    }
}

/// The dialog's state.
pub struct ExportDialog {
    pub open: bool,
    pub case_file: Option<PathBuf>,
    pub format: ExportFormat,
    pub output: String,
    /// For a clip: the event whose frames to cut, and whether to re-encode exactly those frames.
    pub clip_event: Option<String>,
    pub clip_reencode: bool,
    /// What the case offers (events, media, reviewers), read when the dialog opens; or why it cannot be read.
    pub choices: Result<CaseChoices, String>,
    /// The case being read for its choices, on its own thread (the export waits for it).
    reading: Option<mpsc::Receiver<Result<CaseChoices, String>>>,
    pub options: ExportOptions,
    pub job: Option<ExportJob>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            case_file: None,
            format: ExportFormat::Html,
            output: String::new(),
            clip_event: None,
            clip_reencode: false,
            choices: Ok(CaseChoices::default()),
            reading: None,
            options: ExportOptions::default(),
            job: None,
        }
    }
}

impl ExportDialog {
    /// Starts reading what `case_file` offers on its own thread (the dialog says so until it is read).
    pub fn read_choices(&mut self, case_file: PathBuf) {
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("claimframe-export-choices".into()).spawn(move || {
            let _ = tx.send(crate::ui::windows::export_options_ui::case_choices(&case_file));
        });
        match spawned {
            Ok(_) => self.reading = Some(rx),
            Err(e) => self.choices = Err(format!("the case could not be read: {e}")),
        }
    }

    /// Whether the case is still being read for its choices.
    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Takes in the choices once read; with `wait`, waits for them (tests).
    fn collect_choices(&mut self, wait: bool) {
        let Some(rx) = self.reading.as_ref() else { return };
        let received = if wait { rx.recv().map_err(|_| mpsc::TryRecvError::Disconnected) } else { rx.try_recv() };
        match received {
            Ok(choices) => self.choices = choices,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.choices = Err("the case could not be read (the reader stopped)".into());
            }
        }
        self.reading = None;
    }

    /// Waits until the case's choices are read (tests; the window draws on meanwhile).
    pub fn wait_for_choices(&mut self) {
        self.collect_choices(true);
    }
}

/// A default destination next to the case: `<case stem>.<format>` (a folder for stills).
pub fn default_output(case_file: &std::path::Path, format: ExportFormat) -> PathBuf {
    let name = case_file.file_name().and_then(|n| n.to_str()).unwrap_or("case.case.ron");
    let stem = name.strip_suffix(".case.ron").unwrap_or(name);
    let dir = case_file.parent().unwrap_or(std::path::Path::new("."));
    match format {
        ExportFormat::Stills => dir.join(format!("{stem}-stills")),
        ExportFormat::Clip => dir.join(format!("{stem}-clip.mp4")),
        other => dir.join(format!("{stem}.{}", other.name())),
    }
}

/// Draws the dialog; returns the commands it asks for.
pub fn export_ui(ctx: &egui::Context, dialog: &mut ExportDialog) -> Vec<UiCommand> {
    let mut out = Vec::new();
    if !dialog.open {
        return out;
    }
    if let Some(job) = dialog.job.as_mut() {
        job.poll();
        if job.is_running() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
    dialog.collect_choices(false);
    if dialog.is_reading() {
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
    let Some(case_file) = dialog.case_file.clone() else { return out };
    egui::Window::new("Export").collapsible(false).resizable(false).show(ctx, |ui| {
        ui.label(format!("Case: {}", case_file.display()));
        let running = dialog.job.as_ref().is_some_and(ExportJob::is_running);
        ui.add_enabled_ui(!running, |ui| {
            egui::ComboBox::from_label("Format").selected_text(dialog.format.name()).show_ui(ui, |ui| {
                for f in ExportFormat::ALL {
                    if ui.selectable_label(dialog.format == f, f.name()).clicked() {
                        dialog.format = f;
                        dialog.output = default_output(&case_file, f).display().to_string();
                    }
                }
            });
            let choices = match &dialog.choices {
                Ok(_) if dialog.reading.is_some() => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Reading the case for its events, media and reviewers…");
                    });
                    CaseChoices::default()
                }
                Ok(choices) => choices.clone(),
                Err(why) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("The case cannot be read: {why}"));
                    CaseChoices::default()
                }
            };
            options_ui(ui, dialog.format, &mut dialog.options, &choices);
            if dialog.format == ExportFormat::Clip {
                let selected = dialog
                    .clip_event
                    .as_ref()
                    .and_then(|id| choices.events.iter().find(|(e, _)| e == id))
                    .map_or("choose an event".to_owned(), |(_, label)| label.clone());
                egui::ComboBox::from_label("Event").selected_text(selected).show_ui(ui, |ui| {
                    for (id, label) in &choices.events {
                        if ui.selectable_label(dialog.clip_event.as_ref() == Some(id), label).clicked() {
                            dialog.clip_event = Some(id.clone());
                        }
                    }
                });
                ui.checkbox(
                    &mut dialog.clip_reencode,
                    "Re-encode exactly the event's frames (otherwise a lossless, keyframe-aligned copy)",
                );
            }
            ui.horizontal(|ui| {
                ui.label("Save to");
                ui.text_edit_singleline(&mut dialog.output);
                if ui.button("Choose…").clicked() {
                    out.push(UiCommand::Window(WindowCommand::ChooseExportPath));
                }
            });
            ui.horizontal(|ui| {
                let ready = dialog.reading.is_none()
                    && !dialog.output.trim().is_empty()
                    && (dialog.format != ExportFormat::Clip || dialog.clip_event.is_some());
                if ui.add_enabled(ready, egui::Button::new("Start export")).clicked() {
                    let mut request =
                        ExportRequest::new(case_file.clone(), dialog.format, PathBuf::from(dialog.output.trim()));
                    apply_options(&dialog.options, &choices, &mut request);
                    request.clip.event = dialog.clip_event.as_deref().map(EventId::from);
                    request.clip.reencode = dialog.clip_reencode;
                    dialog.job = Some(ExportJob::start(request));
                }
                if ui.button("Close").clicked() {
                    out.push(UiCommand::Window(WindowCommand::CloseExport));
                }
            });
        });
        if let Some(job) = &dialog.job {
            match &job.result {
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(&job.last_line);
                    });
                }
                Some(Ok(summary)) => {
                    ui.label(summary);
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Export failed: {e}"));
                }
            }
        }
    });
    out
}
