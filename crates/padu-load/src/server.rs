//! The `padu` binary under test: the commands of the seed, the server, and its memory.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};

#[derive(Debug, Clone)]
pub struct Padu {
    pub binary: PathBuf,
    pub data_dir: PathBuf,
    pub database_url: String,
}

impl Padu {
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.binary);
        cmd.env("PADU_DATA_DIR", &self.data_dir)
            .env("PADU_DATABASE_URL", &self.database_url)
            .env("PADU_BIND", "127.0.0.1:0")
            .env_remove("PADU_CONFIG")
            .current_dir(&self.data_dir);
        cmd
    }

    /// Runs `padu ARGS` with `stdin`, failing with its output when it fails.
    pub async fn run(&self, args: &[&str], stdin: &str) -> Result<String> {
        let mut cmd = self.command();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let stdin = stdin.to_string();
        let binary = self.binary.clone();
        tokio::task::spawn_blocking(move || {
            let mut child = cmd
                .args(&args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .with_context(|| format!("starting {}", binary.display()))?;
            if let Some(mut input) = child.stdin.take() {
                input.write_all(stdin.as_bytes())?;
            }
            let out = child.wait_with_output()?;
            if !out.status.success() {
                bail!(
                    "padu {} failed: {}{}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        })
        .await?
    }

    /// Starts `padu serve` (its log to `log`) and waits for the address it prints.
    pub async fn serve(&self, log: &Path) -> Result<Server> {
        let log_file = std::fs::File::create(log)?;
        let mut child = self
            .command()
            .arg("serve")
            // room for the DataStore scenario's CSV of a million rows (about 35 MB)
            .env("PADU_MAX_UPLOAD_MB", "100")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .with_context(|| format!("starting {} serve", self.binary.display()))?;
        let pid = child.id();
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| anyhow!("no stdout of the server"))?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        // read what it prints, as a terminal would, on a thread of its own
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.strip_prefix("Padu berjalan di http://")
                    && let Some(addr) = rest.split_whitespace().next()
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(addr.to_string());
                }
            }
        });
        let mut server = Server {
            child,
            pid,
            address: String::new(),
        };
        match tokio::time::timeout(Duration::from_secs(60), rx).await {
            Ok(Ok(address)) => {
                server.address = address;
                Ok(server)
            }
            _ => {
                server.stop().await;
                bail!("the server printed no address; see {}", log.display())
            }
        }
    }
}

#[derive(Debug)]
pub struct Server {
    child: Child,
    pub pid: u32,
    pub address: String,
}

impl Server {
    pub async fn stop(mut self) {
        let _ = self.child.kill();
        let _ = tokio::task::spawn_blocking(move || self.child.wait()).await;
    }
}

/// `VmRSS` and `VmHWM` of a process, in kB.
pub fn memory_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Samples the servers' RSS every 20 ms; `window_max` is the highest VmRSS of any of them since
/// the last `reset` (with several instances every figure is the largest server's).
#[derive(Debug, Clone)]
pub struct RssSampler {
    pids: Vec<u32>,
    window_max_kb: Arc<AtomicU64>,
}

impl RssSampler {
    pub fn start(pids: Vec<u32>) -> RssSampler {
        let sampler = RssSampler {
            pids,
            window_max_kb: Arc::new(AtomicU64::new(0)),
        };
        let max = sampler.window_max_kb.clone();
        let pids = sampler.pids.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(20));
            loop {
                tick.tick().await;
                let mut alive = false;
                for &pid in &pids {
                    if let Some((rss, _)) = memory_kb(pid) {
                        alive = true;
                        max.fetch_max(rss, Ordering::Relaxed);
                    }
                }
                if !alive {
                    break;
                }
            }
        });
        sampler
    }

    /// The highest VmRSS (`.0`) or VmHWM (`.1`) of the servers now, in kB.
    fn now_kb(&self, pick: fn((u64, u64)) -> u64) -> u64 {
        self.pids
            .iter()
            .filter_map(|&pid| memory_kb(pid))
            .map(pick)
            .max()
            .unwrap_or(0)
    }

    /// Starts a new window at the current RSS; returns that RSS in kB.
    pub fn reset(&self) -> u64 {
        let now = self.now_kb(|m| m.0);
        self.window_max_kb.store(now, Ordering::Relaxed);
        now
    }

    pub fn window_max_kb(&self) -> u64 {
        let now = self.now_kb(|m| m.0);
        self.window_max_kb
            .fetch_max(now, Ordering::Relaxed)
            .max(now)
    }

    pub fn hwm_kb(&self) -> u64 {
        self.now_kb(|m| m.1)
    }
}
