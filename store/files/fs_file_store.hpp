// The filesystem adapter of store::file_store (store/file_store.hpp): one file per attachment at
// <root>/<channel_id>/<attachment_id>, where root is <data dir>/attachments. A put writes a
// temporary file beside the target, fsyncs it, renames it over the target and fsyncs the
// directory, so a crash leaves either no file or the whole file (plus at worst a stray
// ".<id>.tmp", never served). Thread-safe: calls share no state beyond the directory tree.
#pragma once

#include <filesystem>

#include "store/file_store.hpp"

namespace parley::store {

class fs_file_store final : public file_store {
 public:
  // Directories are created on the first put into them.
  explicit fs_file_store(std::filesystem::path root);

  // Errors are the system's (errno, boost::system::system_category()).
  result<void> put(model::snowflake channel_id, model::snowflake attachment_id, std::string_view bytes) override;
  // Removing is not fsynced: if a crash brings a removed file back, nothing references it.
  result<void> remove(model::snowflake channel_id, model::snowflake attachment_id) override;
  // Unlinks everything in <root>/<channel_id> (stray temporaries too) and the directory itself;
  // not fsynced either, for the same reason.
  result<void> remove_channel(model::snowflake channel_id) override;
  std::optional<std::filesystem::path> locate(model::snowflake channel_id,
                                              model::snowflake attachment_id) const override;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

} // namespace parley::store
