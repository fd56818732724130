//! The batch progress bar on stderr: patients done / total, rate and ETA.
//! Drawn only when stderr is a terminal, at most ten times a second.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
            drawn: false,
        }
    }

    pub fn update(&mut self, done: usize, total: usize) {
        if !self.enabled || total == 0 {
            return;
        }
        let now = Instant::now();
        if done < total
            && self
                .last
                .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        let elapsed = (now - self.started).as_secs_f64().max(1e-3);
        let rate = done as f64 / elapsed;
        let eta = if rate > 0.0 {
            (total - done.min(total)) as f64 / rate
        } else {
            0.0
        };
        let width = 30;
        let filled = width * done.min(total) / total;
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(width - filled));
        let _ = write!(
            std::io::stderr().lock(),
            "\r[{bar}] {done}/{total} patients · {rate:.0}/s · ETA {eta:.0}s\x1b[K"
        );
        self.drawn = true;
    }

    /// Remove the bar before other output.
    pub fn clear(&mut self) {
        if self.drawn {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
            self.drawn = false;
        }
    }
}
