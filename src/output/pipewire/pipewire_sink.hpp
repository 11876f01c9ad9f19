// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// fakecam as a PipeWire camera: a Video/Source node with media.role Camera,
// which OBS, browsers (through the camera portal) and V4L2 programs (through
// pw-v4l2) can read with no kernel module and no root.
//
// The node offers I420, YUY2, NV12, BGR, RGB and BGRx at the configured size
// and rate; the consumer picks one. Buffers are memfd shared memory mapped by
// fakecam and the consumer alike: a frame is converted straight into one and
// never copied after that. The node drives its own graph
// (PW_STREAM_FLAG_DRIVER): each write() fills one buffer and starts one graph
// cycle, so frames go out at the pace the caller writes them (the app's
// output thread paces at the frame rate).
//
// On demand: while no consumer is linked and streaming, write() returns at
// once and readers() is 0; the app idles its input then, as it does for
// v4l2loopback. A daemon that goes away (restart, crash) is reconnected to
// every second, with the same node name, without the caller doing anything;
// write() does nothing meanwhile.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "output/consumer_watch.hpp"
#include "output/frame_sink.hpp"
#include "output/pipewire/video_formats.hpp"

namespace fakecam::output {

struct PipeWireOptions {
  int width = 0;
  int height = 0;
  int fps = 30;
  // node.name: what `pw-cli ls Node`, target-object= and PIPEWIRE_NODE use.
  std::string name = "fakecam";
  // node.description: the camera's name in OBS, browsers and pw-v4l2 programs.
  std::string description = "fakecam";
  // The daemon's socket: a name in the runtime directory or an absolute path.
  // Empty: $PIPEWIRE_REMOTE, else "pipewire-0" (libpipewire's own default).
  std::string remote;
  // How long open waits for the daemon to register the node.
  std::chrono::milliseconds connect_timeout{5000};
  // How often a lost daemon is tried again.
  std::chrono::milliseconds reconnect_interval{1000};
};

class PipeWireSink : public FrameSink, public ConsumerWatch {
 public:
  // FrameSink::write (and write_yuv): converts into a free PipeWire buffer and sends it while
  // a consumer streams; otherwise returns at once (no conversion). Drops the
  // frame (counted in dropped_frames()) when the consumer holds every buffer.
  //
  // ConsumerWatch::readers: the consumers linked to the node while it is
  // streaming (at least 1 then), else 0. wakeup() is readable after every link
  // or state change.

  // The node's id in the daemon, nullopt while not connected.
  virtual std::optional<std::uint32_t> node_id() const = 0;
  // Whether the daemon connection is up (false between a loss and the
  // reconnection).
  virtual bool connected() const = 0;
  // The format the current consumer negotiated, if one is streaming.
  virtual std::optional<PixelFormat> negotiated_format() const = 0;
  // Frames that went out to a consumer.
  virtual std::uint64_t frames_sent() const = 0;
  // Buffers of the current consumer that live in memfd shared memory (the
  // consumer reads them without a copy); 0 when none streams.
  virtual int shared_memory_buffers() const = 0;
};

// Connects to the daemon and publishes the node; returns once the daemon has
// registered it. Throws Error with one line when the daemon cannot be reached
// (naming the socket and PIPEWIRE_REMOTE / XDG_RUNTIME_DIR), when it refuses
// the node, or for a size the formats cannot hold (odd width or height).
std::unique_ptr<PipeWireSink> open_pipewire(const PipeWireOptions& options);

}  // namespace fakecam::output
