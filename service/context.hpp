// What every use case needs: the store, the bus, id generation, time and password hashing.
// Owned by the application (apps/parleyd); services keep a reference for their whole life.
#pragma once

#include "bus/bus.hpp"
#include "model/snowflake.hpp"
#include "service/clock.hpp"
#include "service/credentials.hpp"
#include "store/file_store.hpp"
#include "store/store.hpp"

namespace parley::service {

class voice_states;

struct context {
  store::store& store;
  bus::bus& bus;
  model::snowflake_generator& ids;
  const clock& time;
  const password_hasher& passwords;
  store::file_store* files;  // attachment bytes; null refuses uploads (tools and tests without files)
  // Who is in voice (in memory, set by the application once built); null: nobody, as in tools.
  const voice_states* voice;
};

} // namespace parley::service
