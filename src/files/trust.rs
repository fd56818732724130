//! Whether a settings file or clinic catalogue may change the run's sheets:
//! it must belong to the current user (or to root) and no other user may
//! write it, as ssh treats its config and git its `safe.directory`. Either
//! file can rewrite every dose limit and the Stay-safe box, so one that
//! another user controls is refused, never silently used.
//!
//! `judge` is the rule on plain numbers (testable without a second user);
//! `check` reads the file's metadata and applies it.

use std::path::Path;

use crate::error::Error;

/// Why a file is not trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distrust {
    /// Owned by another user (not the current one, not root).
    Owner { owner: u32, me: u32 },
    /// Others (not the owner or its group) may write it.
    WritableByOthers { mode: u32 },
}

impl std::fmt::Display for Distrust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Distrust::Owner { owner, me } => write!(
                f,
                "it belongs to user {owner}, not to you (user {me}), and another user's file could change every sheet"
            ),
            Distrust::WritableByOthers { mode } => write!(
                f,
                "other users can write it (mode {:04o}), so any of them could change every sheet; `chmod o-w` it if its contents are yours",
                mode & 0o7777
            ),
        }
    }
}

/// The rule: a file of `owner` with permission bits `mode` may be used by
/// user `me` (`None` where the platform does not say who that is).
pub fn judge(owner: u32, mode: u32, me: Option<u32>) -> Result<(), Distrust> {
    if let Some(me) = me
        && owner != me
        && owner != 0
    {
        return Err(Distrust::Owner { owner, me });
    }
    if mode & 0o002 != 0 {
        return Err(Distrust::WritableByOthers { mode });
    }
    Ok(())
}

/// Refuse `path` (a settings file or catalogue, which messages call
/// `what`) if another user controls it. Something that cannot be read, or
/// is not a regular file (`/dev/zero`), is left for the read to report.
pub fn check(path: &Path, what: &'static str) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => meta,
            _ => return Ok(()),
        };
        judge(meta.uid(), meta.mode(), current_user()).map_err(|why| Error::Untrusted {
            path: path.to_owned(),
            what,
            why: why.to_string(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (path, what);
        Ok(())
    }
}

/// The effective user id of this process.
#[cfg(target_os = "linux")]
fn current_user() -> Option<u32> {
    Some(rustix::process::geteuid().as_raw())
}

#[cfg(all(unix, not(target_os = "linux")))]
fn current_user() -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::{Distrust, judge};

    #[test]
    fn a_file_of_another_user_is_not_trusted() {
        assert_eq!(
            judge(1001, 0o100644, Some(1000)),
            Err(Distrust::Owner {
                owner: 1001,
                me: 1000
            })
        );
        // Root's own files, and root reading anyone's, follow the rule too.
        assert_eq!(judge(0, 0o100644, Some(1000)), Ok(()));
        assert!(judge(1000, 0o100644, Some(0)).is_err());
        assert_eq!(judge(1000, 0o100644, Some(1000)), Ok(()));
        // Where the platform does not say who runs rx, ownership is not judged.
        assert_eq!(judge(1001, 0o100644, None), Ok(()));
    }

    #[test]
    fn a_file_others_can_write_is_not_trusted() {
        assert_eq!(
            judge(1000, 0o100666, Some(1000)),
            Err(Distrust::WritableByOthers { mode: 0o100666 })
        );
        assert_eq!(judge(1000, 0o100664, Some(1000)), Ok(()));
        let message = Distrust::WritableByOthers { mode: 0o100666 }.to_string();
        assert!(message.contains("(mode 0666)"), "{message}");
    }
}
