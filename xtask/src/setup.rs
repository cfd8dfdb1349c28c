//! Finds, or installs, what building and testing kefu needs.
//!
//! The wasm32 toolchain comes one of two ways: rustup's `wasm32-unknown-unknown` target
//! where it is installed, otherwise Debian's `rustc-web` compiler with its standard
//! library source, built with `-Zbuild-std` (rustup cannot download targets on every
//! machine). Installing uses apt-get when we are root on Debian; elsewhere we say what
//! to install.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Debian packages for the wasm32 route without rustup's target.
const DEBIAN_WASM_PACKAGES: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld-22"];
/// Debian packages for the end-to-end tests.
const DEBIAN_BROWSER_PACKAGES: &[&str] = &["chromium", "chromium-driver"];
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
const DEBIAN_STD_SOURCE: &str = "/usr/lib/rustlib/src/rust/library";
/// The browser the end-to-end tests drive; no test tool downloads its own.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How to compile for wasm32 on this machine.
pub enum Wasm {
    /// rustup's cargo with the installed `wasm32-unknown-unknown` target.
    Rustup,
    /// Debian's compiler, building std from source.
    Debian,
}

/// Installs everything: the wasm toolchain, the npm tools and Chromium; returns the
/// wasm toolchain found.
pub fn all(root: &Path) -> Result<Wasm> {
    let wasm = wasm(root)?;
    npm_tools(root)?;
    if !Path::new(CHROMIUM).exists() {
        apt_install(DEBIAN_BROWSER_PACKAGES, "Chromium for the end-to-end tests")?;
    }
    Ok(wasm)
}

/// Finds the wasm32 toolchain, installing Debian's when possible, and the npm tools
/// the widget build needs (wasm-opt).
pub fn wasm(root: &Path) -> Result<Wasm> {
    npm_install(&root.join("xtask"))?;
    if rustup_has_wasm_target() {
        return Ok(Wasm::Rustup);
    }
    if !debian_wasm_ready() {
        apt_install(DEBIAN_WASM_PACKAGES, "a Rust compiler that can build the widget for wasm32")?;
    }
    if !debian_wasm_ready() {
        bail!(
            "installed {DEBIAN_WASM_PACKAGES:?}, but {DEBIAN_RUSTC}, {DEBIAN_STD_SOURCE} or rust-lld is still missing"
        );
    }
    Ok(Wasm::Debian)
}

/// The npm packages of the build tool and the end-to-end tests.
pub fn npm_tools(root: &Path) -> Result<()> {
    npm_install(&root.join("xtask"))?;
    npm_install(&root.join("tests"))
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

fn debian_wasm_ready() -> bool {
    Path::new(DEBIAN_RUSTC).exists()
        && Path::new(DEBIAN_CARGO).exists()
        && Path::new(DEBIAN_STD_SOURCE).is_dir()
        && which("rust-lld").is_some()
}

pub(crate) fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

fn apt_install(packages: &[&str], what: &str) -> Result<()> {
    let line = packages.join(" ");
    let can_apt = which("apt-get").is_some() && is_root();
    if !can_apt {
        bail!(
            "kefu needs {what}. Install one of:\n  \
             - rustup's target: `rustup target add wasm32-unknown-unknown` (for the wasm toolchain)\n  \
             - Debian 12 packages: `sudo apt-get update && sudo apt-get install -y {line}`"
        );
    }
    eprintln!("xtask: installing {what}: apt-get install {line}");
    let update = Command::new("apt-get").args(["update", "-qq"]).status()?;
    let install = Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()?;
    if !update.success() || !install.success() {
        bail!("`apt-get install -y {line}` failed; install {what} by hand and run again");
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

    /// The `cargo build` command for `package` in the widget profile.
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
        cmd.current_dir(root).args(["build", "--profile", WASM_PROFILE, "--target", WASM_TARGET, "--package", package]);
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
