//! Sending a file the bot makes itself (the `.ics` of a booking) as a multipart upload.

use frankenstein::input_file::{FileUpload, InputFile};
use frankenstein::methods::SendDocumentParams;
use frankenstein::AsyncTelegramApi;

use super::{Telegram, TelegramError};

impl Telegram {
    /// Uploads `bytes` as `file_name` to `chat_id` with a caption.
    pub async fn send_file(
        &self,
        chat_id: i64,
        file_name: &str,
        bytes: &[u8],
        caption: &str,
    ) -> Result<(), TelegramError> {
        if !self.is_configured() {
            return Err(TelegramError::NotConfigured);
        }
        // frankenstein uploads from a path; the file lives only for this call.
        let dir = tempfile::tempdir().map_err(|e| TelegramError::Transport(e.to_string()))?;
        let path = dir.path().join(file_name);
        tokio::fs::write(&path, bytes)
            .await
            .map_err(|e| TelegramError::Transport(e.to_string()))?;
        let params = SendDocumentParams::builder()
            .chat_id(chat_id)
            .document(FileUpload::InputFile(InputFile { path }))
            .caption(caption)
            .build();
        self.send_document(&params).await?;
        Ok(())
    }
}
