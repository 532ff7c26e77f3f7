//! Shared output helpers.

use std::io::Write;

use serde::Serialize;

/// Writes one JSON Lines record.
pub fn json_line(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}
