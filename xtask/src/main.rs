//! kefu's build tool. `cargo xtask help` lists the tasks.

mod bench;
mod setup;
mod widget;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

const HELP: &str = "\
cargo xtask <task>

Tasks:
  setup          install what the build and tests need and is missing (wasm toolchain, npm tools, Chromium)
  setup --check  install nothing: list each tool, found (where) or missing (which package); exit 1 if any is missing
  widget         build the widget for wasm32 into target/widget-dist (wasm-bindgen, wasm-opt) and print its sizes
  serve [ARGS]   build the widget, the kefu binary and the sample help center, then serve it (ARGS go to `kefu serve`)
  test           run every test: unit, integration and end-to-end in Chromium
  bench [ARGS]   build benchmarks; prints numbers (`cargo xtask bench --help`)
";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_else(|| "help".into());
    let rest: Vec<String> = args.collect();
    let root = workspace_root();
    match task.as_str() {
        "setup" => setup::run(&root, &rest),
        "widget" => widget::build(&root, &setup::wasm(&root)?).map(|_| ()),
        "serve" => serve(&root, &rest),
        "test" => test(&root),
        "bench" => bench::run(&root, &rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown task {other:?}\n\n{HELP}"),
    }
}

fn serve(root: &Path, args: &[String]) -> Result<()> {
    // `cargo xtask serve -- --port 8080` hands us the `--` too.
    let args = args.strip_prefix(&["--".to_string()]).unwrap_or(args);
    let wasm = setup::wasm(root)?;
    widget::build(root, &wasm)?;
    let mut cargo = cargo_cmd();
    cargo.current_dir(root).args(["run", "--release", "--package", "kefu", "--", "serve"]).args(args);
    run(&mut cargo)
}

fn test(root: &Path) -> Result<()> {
    let wasm = setup::all(root)?;
    widget::build(root, &wasm)?;
    run(cargo_cmd().current_dir(root).args([
        "test",
        "--workspace",
        "--exclude",
        "kefu-widget",
        "--exclude",
        "kefu-ticket",
        "--exclude",
        "xtask",
    ]))?;
    // The widget's pure parts (the view stack), natively.
    run(cargo_cmd().current_dir(root).args(["test", "--package", "kefu-widget", "--lib"]))?;
    run(cargo_cmd().current_dir(root).args(["build", "--package", "kefu"]))?;
    let kefu = root.join("target/debug/kefu");
    run(Command::new("npm").current_dir(root.join("tests")).args(["test", "--silent"]).env("KEFU_BIN", &kefu))
}

/// The cargo that runs this task (rustup's, for host builds).
pub(crate) fn cargo_cmd() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cmd`, failing with the command line when it does not succeed.
fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("could not start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}
