//! Key rotation for the students' encrypted fields (`eschool rotate-key`): every value not
//! under the active key is decrypted and encrypted again with it, in batches, each batch in a
//! transaction of its own, each row written only if it still holds what was read. Running
//! servers keep working meanwhile (they read both keys), a concurrent edit is never
//! overwritten, and an interrupted run loses nothing: the next run picks up what is left.

use super::repo::{self, EncryptedRow};
use crate::{
    crypto::{CryptoError, Keyring, Purpose},
    db::Db,
};

#[derive(Debug, Clone, Copy)]
pub struct RotationOptions {
    pub batch_size: i64,
    /// Stop after this many batches (limits the work of one run); `None`: until done.
    pub max_batches: Option<u64>,
}

/// Progress after one batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub batch: u64,
    /// Students whose values were re-encrypted in this batch.
    pub rotated: u64,
    /// Students changed by someone else since read: left for the next run.
    pub changed: u64,
    /// Students with a value that does not decrypt: left as they are, logged.
    pub unreadable: u64,
}

/// The totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RotationReport {
    pub batches: u64,
    pub rotated: u64,
    pub changed: u64,
    pub unreadable: u64,
    /// Students still holding a value under another key after the run.
    pub left: i64,
}

/// Re-encrypts what is not under the keyring's active key; calls `progress` after each batch.
pub async fn rotate(
    db: &Db,
    keyring: &Keyring,
    options: RotationOptions,
    mut progress: impl FnMut(&BatchReport),
) -> anyhow::Result<RotationReport> {
    anyhow::ensure!(options.batch_size > 0, "the batch size must be at least 1");
    let prefix = format!("v1.{}.", keyring.active_key_id());
    let mut total = RotationReport::default();
    let mut after_id = 0;
    while options.max_batches.is_none_or(|max| total.batches < max) {
        let rows =
            repo::encrypted_not_under(&db.pool, &prefix, after_id, options.batch_size).await?;
        let Some(last) = rows.last() else { break };
        after_id = last.id;
        let mut batch = BatchReport {
            batch: total.batches + 1,
            ..BatchReport::default()
        };
        let mut tx = db.begin().await?;
        for row in &rows {
            match reencrypt(keyring, row) {
                Ok((national_id, medical)) => {
                    if repo::swap_encrypted(
                        &mut *tx,
                        row,
                        national_id.as_deref(),
                        medical.as_deref(),
                    )
                    .await?
                    {
                        batch.rotated += 1;
                    } else {
                        batch.changed += 1;
                    }
                }
                Err(error) => {
                    tracing::error!(
                        school_id = row.school_id,
                        student_id = row.id,
                        %error,
                        "cannot re-encrypt: the stored value does not decrypt"
                    );
                    batch.unreadable += 1;
                }
            }
        }
        tx.commit().await?;
        total.batches += 1;
        total.rotated += batch.rotated;
        total.changed += batch.changed;
        total.unreadable += batch.unreadable;
        progress(&batch);
    }
    total.left = repo::count_encrypted_not_under(&db.pool, &prefix).await?;
    Ok(total)
}

/// The row's values under the active key (values already under it are kept as they are).
fn reencrypt(
    keyring: &Keyring,
    row: &EncryptedRow,
) -> Result<(Option<String>, Option<String>), CryptoError> {
    let one = |purpose, stored: &Option<String>| -> Result<Option<String>, CryptoError> {
        match stored {
            Some(value) if keyring.needs_rotation(value) || !value.starts_with("v1.") => {
                let plain = keyring.decrypt(purpose, row.school_id, value)?;
                Ok(Some(keyring.encrypt(
                    purpose,
                    row.school_id,
                    plain.expose(),
                )))
            }
            other => Ok(other.clone()),
        }
    };
    Ok((
        one(Purpose::NationalId, &row.national_id_enc)?,
        one(Purpose::Medical, &row.medical_enc)?,
    ))
}
