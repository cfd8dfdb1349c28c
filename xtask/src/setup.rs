//! Finds, or installs, what building and testing kefu needs, and says what is missing.
//!
//! The wasm32 toolchain comes one of two ways: rustup's `wasm32-unknown-unknown` target
//! where it is installed, otherwise Debian's `rustc-web` compiler with its standard
//! library source, built with `-Zbuild-std` (rustup cannot download targets on every
//! machine). Installing uses apt-get when we are root on Debian; elsewhere we say what
//! to install. Every tool is checked on its own after installing, so that a missing one
//! is named with the package that provides it (`cargo xtask setup --check` prints them all).

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
/// The browser the end-to-end tests drive; no test tool downloads its own.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// What provides a tool.
#[derive(Clone, Copy)]
enum Source {
    /// A Debian package.
    Apt(&'static str),
    /// An npm package of the lock file in this folder of the workspace.
    Npm(&'static str, &'static str),
}

/// One tool the build or the tests use: where it is looked for and what provides it.
struct Tool {
    name: &'static str,
    /// The path it must have, or the program looked up on `PATH`.
    at: Place,
    source: Source,
}

#[derive(Clone, Copy)]
enum Place {
    Path(&'static str),
    /// The path in this environment variable, else the default path.
    EnvOr(&'static str, &'static str),
    Program(&'static str),
    /// Below the workspace root.
    Workspace(&'static str),
}

impl Tool {
    fn find(&self, root: &Path) -> Option<PathBuf> {
        match self.at {
            Place::Path(p) => Some(PathBuf::from(p)).filter(|p| p.exists()),
            Place::EnvOr(var, p) => {
                Some(std::env::var_os(var).map_or_else(|| PathBuf::from(p), PathBuf::from)).filter(|p| p.exists())
            }
            Place::Program(p) => which(p),
            Place::Workspace(p) => Some(root.join(p)).filter(|p| p.exists()),
        }
    }

    fn remedy(&self) -> String {
        match self.source {
            Source::Apt(package) => format!("apt-get install {package}"),
            Source::Npm(package, dir) => format!("npm ci in {dir}/ (package {package})"),
        }
    }
}

/// Node.js and npm, for the widget build's wasm-opt and the end-to-end tests.
const NODE: &[Tool] = &[
    Tool { name: "node", at: Place::Program("node"), source: Source::Apt("nodejs") },
    Tool { name: "npm", at: Place::Program("npm"), source: Source::Apt("npm") },
];

/// What the kefu binary's C parts build with: SQLite (the ticket store) and jemalloc
/// (its allocator, which runs `make`).
const NATIVE: &[Tool] = &[
    Tool { name: "C compiler", at: Place::Program("cc"), source: Source::Apt("gcc") },
    Tool { name: "make", at: Place::Program("make"), source: Source::Apt("make") },
];

/// Debian's wasm32 route, when rustup has no wasm32 target.
const DEBIAN_WASM: &[Tool] = &[
    Tool { name: "rustc for wasm32", at: Place::Path(DEBIAN_RUSTC), source: Source::Apt("rustc-web") },
    Tool { name: "cargo for wasm32", at: Place::Path(DEBIAN_CARGO), source: Source::Apt("cargo-web") },
    Tool {
        name: "std source",
        at: Place::Path("/usr/lib/rustlib/src/rust/library"),
        source: Source::Apt("rust-web-src"),
    },
    // rustc-web only recommends it, so an install without recommends lacks it.
    Tool { name: "rust-lld", at: Place::Program("rust-lld"), source: Source::Apt("rust-web-llvm") },
    Tool { name: "lld", at: Place::Program("ld.lld-22"), source: Source::Apt("lld-22") },
];

/// The widget build's optimiser (Debian's binaryen 108 miscompiles the module).
const WASM_OPT: Tool = Tool {
    name: "wasm-opt",
    at: Place::Workspace("xtask/node_modules/.bin/wasm-opt"),
    source: Source::Npm("binaryen", "xtask"),
};

/// The widget build's minifier.
const ESBUILD: Tool = Tool {
    name: "esbuild",
    at: Place::Workspace("xtask/node_modules/.bin/esbuild"),
    source: Source::Npm("esbuild", "xtask"),
};

/// What the end-to-end tests drive.
const BROWSER: &[Tool] = &[
    Tool {
        name: "playwright-core",
        at: Place::Workspace("tests/node_modules/playwright-core/package.json"),
        source: Source::Npm("playwright-core", "tests"),
    },
    // The tests take another Chromium from $CHROMIUM (tests/e2e/harness.mjs).
    Tool { name: "chromium", at: Place::EnvOr("CHROMIUM", CHROMIUM), source: Source::Apt("chromium") },
];

/// How to compile for wasm32 on this machine.
pub enum Wasm {
    /// rustup's cargo with the installed `wasm32-unknown-unknown` target.
    Rustup,
    /// Debian's compiler, building std from source.
    Debian,
}

/// `cargo xtask setup [--check]`.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    match args {
        [] => all(root).map(|_| ()),
        [flag] if flag == "--check" => check(root),
        _ => bail!("usage: cargo xtask setup [--check]"),
    }
}

/// Installs everything: the wasm toolchain, the npm tools and Chromium; returns the
/// wasm toolchain found.
pub fn all(root: &Path) -> Result<Wasm> {
    install(root, true)
}

/// Finds the wasm32 toolchain and wasm-opt, installing what is missing.
pub fn wasm(root: &Path) -> Result<Wasm> {
    install(root, false)
}

/// The npm packages of the build tool and the end-to-end tests.
pub fn npm_tools(root: &Path) -> Result<()> {
    npm_install(&root.join("xtask"))?;
    npm_install(&root.join("tests"))
}

fn install(root: &Path, browser: bool) -> Result<Wasm> {
    let wasm = if rustup_has_wasm_target() { Wasm::Rustup } else { Wasm::Debian };
    let tools = needed(&wasm, browser);
    let missing_apt: Vec<&str> = tools
        .iter()
        .filter(|t| t.find(root).is_none())
        .filter_map(|t| match t.source {
            Source::Apt(p) => Some(p),
            Source::Npm(..) => None,
        })
        .collect();
    if !missing_apt.is_empty() {
        apt_install(&missing_apt)?;
    }
    npm_install(&root.join("xtask"))?;
    if browser {
        npm_install(&root.join("tests"))?;
    }
    let missing: Vec<String> =
        tools.iter().filter(|t| t.find(root).is_none()).map(|t| format!("  {}: {}", t.name, t.remedy())).collect();
    if !missing.is_empty() {
        bail!("still missing after setup:\n{}\n(`cargo xtask setup --check` shows every tool)", missing.join("\n"));
    }
    Ok(wasm)
}

/// Every tool the build (and, with `browser`, the end-to-end tests) uses.
fn needed(wasm: &Wasm, browser: bool) -> Vec<&'static Tool> {
    let mut tools: Vec<&Tool> = NATIVE.iter().chain(NODE).collect();
    if let Wasm::Debian = wasm {
        tools.extend(DEBIAN_WASM);
    }
    tools.extend([&WASM_OPT, &ESBUILD]);
    if browser {
        tools.extend(BROWSER);
    }
    tools
}

/// Prints every tool with its state; fails when one is missing. Installs nothing.
fn check(root: &Path) -> Result<()> {
    let wasm = if rustup_has_wasm_target() { Wasm::Rustup } else { Wasm::Debian };
    match wasm {
        Wasm::Rustup => println!("wasm32 toolchain: rustup's wasm32-unknown-unknown target"),
        Wasm::Debian => println!(
            "wasm32 toolchain: Debian's rustc-web, std built from source \
             (rustup has no wasm32-unknown-unknown target)"
        ),
    }
    let mut missing = 0;
    for tool in needed(&wasm, true) {
        match tool.find(root) {
            Some(path) => println!("  found    {:<18} {}", tool.name, path.display()),
            None => {
                missing += 1;
                println!("  missing  {:<18} {}", tool.name, tool.remedy());
            }
        }
    }
    if missing > 0 {
        println!("{missing} missing: `cargo xtask setup` installs them (as root on Debian 12)");
        std::process::exit(1);
    }
    println!("everything is there");
    Ok(())
}

fn npm_install(dir: &Path) -> Result<()> {
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    if is_newer(&stamp, &lock) {
        return Ok(());
    }
    eprintln!("xtask: npm ci in {}", dir.display());
    let status = Command::new("npm")
        .current_dir(dir)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .status()
        .context("npm is needed (Node.js 20 or later): install it, e.g. `apt-get install nodejs npm`")?;
    if !status.success() {
        bail!("`npm ci` failed in {}", dir.display());
    }
    Ok(())
}

fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(a), Some(b)) if a >= b)
}

fn rustup_has_wasm_target() -> bool {
    Command::new("rustup")
        .args(["target", "list", "--installed"])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown"))
}

pub(crate) fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

fn apt_install(packages: &[&str]) -> Result<()> {
    let line = packages.join(" ");
    let can_apt = which("apt-get").is_some() && is_root();
    if !can_apt {
        bail!(
            "kefu's build needs: {line}. Install them one of these ways:\n  \
             - Debian 12: `sudo apt-get update && sudo apt-get install -y {line}`\n  \
             - elsewhere: `rustup target add wasm32-unknown-unknown` for the wasm toolchain, and \
             Chromium at {CHROMIUM} for the end-to-end tests\n\
             `cargo xtask setup --check` lists each tool."
        );
    }
    eprintln!("xtask: apt-get install {line}");
    let update = Command::new("apt-get").args(["update", "-qq"]).status()?;
    let install = Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()?;
    if !update.success() || !install.success() {
        bail!("`apt-get install -y {line}` failed; install them by hand and run again");
    }
    Ok(())
}

pub(crate) fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// Where `Wasm::cargo_build` builds, below the workspace root; for what, with what profile.
const WASM_TARGET_DIR: &str = "target/wasm";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "widget";

impl Wasm {
    /// The wasm file `cargo_build` makes of the crate whose library is `stem`.
    pub fn output(root: &Path, stem: &str) -> PathBuf {
        root.join(WASM_TARGET_DIR).join(WASM_TARGET).join(WASM_PROFILE).join(format!("{stem}.wasm"))
    }

    /// The command that builds `package`'s library as a wasm module, in the widget profile:
    /// a `cargo rustc` with the crate type cdylib alone. A crate that is an rlib too (for
    /// its native tests, or for another module to link) gets no link-time optimisation:
    /// measured, the search engine's module was 6 KB gzip larger, the app's 20.6 KB and the
    /// ticket form's 33.1 KB.
    pub fn cargo_build(&self, root: &Path, package: &str) -> Command {
        let target_dir = root.join(WASM_TARGET_DIR);
        let mut cmd = match self {
            Wasm::Rustup => crate::cargo_cmd(),
            Wasm::Debian => {
                let mut cmd = Command::new(DEBIAN_CARGO);
                // -Zbuild-std is unstable; Debian's compiler is the stable 1.96 release.
                cmd.env("RUSTC", DEBIAN_RUSTC).env("RUSTC_BOOTSTRAP", "1").env_remove("RUSTUP_TOOLCHAIN");
                cmd
            }
        };
        cmd.current_dir(root).arg("rustc");
        cmd.args(["--profile", WASM_PROFILE, "--target", WASM_TARGET, "--package", package]);
        cmd.args(["--lib", "--crate-type", "cdylib"]);
        cmd.arg("--target-dir").arg(target_dir);
        if let Wasm::Debian = self {
            // std built for the module: a panic becomes a trap without the formatting
            // machinery (measured: the search engine's wasm 52 to 42 KB gzip, the app's
            // 146 to 130 KB). A panic shows in the console as "unreachable" either way.
            cmd.arg("-Zbuild-std=std,panic_abort").env("RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort");
        }
        cmd
    }
}
