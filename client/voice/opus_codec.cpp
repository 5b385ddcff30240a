// The libopus wrappers (opus_codec.hpp).
#include "client/voice/opus_codec.hpp"

#include "client/voice/voice_error.hpp"

#include <opus.h>

#include <algorithm>

namespace parley::client::voice {

void opus_encoder::deleter::operator()(OpusEncoder* encoder) const noexcept { opus_encoder_destroy(encoder); }
void opus_decoder::deleter::operator()(OpusDecoder* decoder) const noexcept { opus_decoder_destroy(decoder); }

result<opus_encoder> opus_encoder::create(int bitrate) {
  int status = OPUS_OK;
  OpusEncoder* raw = opus_encoder_create(sample_rate, channel_count, OPUS_APPLICATION_AUDIO, &status);
  if (status != OPUS_OK || !raw) return voice_errc::codec_error;
  opus_encoder out;
  out.state_.reset(raw);
  if (opus_encoder_ctl(raw, OPUS_SET_BITRATE(bitrate)) != OPUS_OK ||
      opus_encoder_ctl(raw, OPUS_SET_INBAND_FEC(1)) != OPUS_OK ||
      opus_encoder_ctl(raw, OPUS_SET_PACKET_LOSS_PERC(15)) != OPUS_OK) {
    return voice_errc::codec_error;
  }
  return out;
}

result<std::size_t> opus_encoder::encode(std::span<const std::int16_t, frame_values> pcm, std::span<std::uint8_t> out) {
  const int size = opus_encode(state_.get(), pcm.data(), static_cast<int>(frame_samples), out.data(),
                               static_cast<opus_int32>(out.size()));
  if (size < 0) return voice_errc::codec_error;
  return static_cast<std::size_t>(size);
}

result<opus_decoder> opus_decoder::create() {
  int status = OPUS_OK;
  OpusDecoder* raw = opus_decoder_create(sample_rate, channel_count, &status);
  if (status != OPUS_OK || !raw) return voice_errc::codec_error;
  opus_decoder out;
  out.state_.reset(raw);
  return out;
}

result<std::size_t> opus_decoder::decode(std::span<const std::uint8_t> frame, std::span<std::int16_t> pcm) {
  const int capacity = static_cast<int>(pcm.size() / channel_count);
  // Concealment produces exactly one 20 ms frame; a real frame may be longer (up to 120 ms).
  const int samples = frame.empty()
                          ? opus_decode(state_.get(), nullptr, 0, pcm.data(), std::min<int>(capacity, frame_samples), 0)
                          : opus_decode(state_.get(), frame.data(), static_cast<opus_int32>(frame.size()), pcm.data(),
                                        capacity, 0);
  if (samples < 0) return voice_errc::codec_error;
  return static_cast<std::size_t>(samples);
}

} // namespace parley::client::voice
