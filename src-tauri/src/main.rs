//! The desktop app's binary: the reader child when asked, else the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if std::env::args_os().nth(1).as_deref()
        == Some(std::ffi::OsStr::new(sendguard_extract::child::CHILD_ARG))
    {
        std::process::exit(sendguard_extract::child::serve_child());
    }
    sendguard_app::run();
}
