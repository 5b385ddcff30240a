// Where attachment bytes live (rest.md §5, §6.6.3): one file per attachment, addressed by the
// channel and attachment ids (the URL is /attachments/{channel_id}/{attachment_id}/{filename}).
// The message row references the file, so the file is written durably *before* the row is
// committed and removed *after* the row is deleted: a crash can leave an orphan file, never a
// message whose attachment is missing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "model/snowflake.hpp"
#include "proto/base/result.hpp"

namespace parley::store {

class file_store {
 public:
  virtual ~file_store() = default;
  // Writes the bytes and makes them durable (fsync of file and directory) before returning.
  virtual result<void> put(model::snowflake channel_id, model::snowflake attachment_id, std::string_view bytes) = 0;
  // Durable (fsync of the directory) before returning; success when it did not exist.
  virtual result<void> remove(model::snowflake channel_id, model::snowflake attachment_id) = 0;
  // Every file of the channel, for a channel (or guild) whose rows are gone: the message rows
  // cascade away without naming their attachments. Durable before returning; success when there
  // was nothing.
  virtual result<void> remove_channel(model::snowflake channel_id) = 0;
  // The file to serve, when it exists.
  virtual std::optional<std::filesystem::path> locate(model::snowflake channel_id,
                                                      model::snowflake attachment_id) const = 0;
};

} // namespace parley::store
