// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preview/preview_window.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>

#include <opencv2/imgproc.hpp>

#include "app/preview/preview_keys.hpp"
#include "app/preview/sdl_api.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::app::preview {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// SDL_Init and SDL_Quit, paired.
struct SdlVideo {
  SdlVideo() {
    if (sdl().SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
      fail("preview: cannot open a window: {} (no display? DISPLAY or WAYLAND_DISPLAY must name one)",
           sdl().SDL_GetError());
    }
  }
  ~SdlVideo() { sdl().SDL_QuitSubSystem(SDL_INIT_VIDEO); }
  SdlVideo(const SdlVideo&) = delete;
  SdlVideo& operator=(const SdlVideo&) = delete;
};

struct SdlDeleter {
  void operator()(SDL_Window* p) const { sdl().SDL_DestroyWindow(p); }
  void operator()(SDL_Renderer* p) const { sdl().SDL_DestroyRenderer(p); }
  void operator()(SDL_Texture* p) const { sdl().SDL_DestroyTexture(p); }
};
using WindowPtr = std::unique_ptr<SDL_Window, SdlDeleter>;
using RendererPtr = std::unique_ptr<SDL_Renderer, SdlDeleter>;
using TexturePtr = std::unique_ptr<SDL_Texture, SdlDeleter>;

template <typename T>
T* checked(T* p, const char* what) {
  if (p == nullptr) fail("preview: cannot create the {}: {}", what, sdl().SDL_GetError());
  return p;
}

// The corner text on a dark band, drawn into the frame shown (never into
// what the camera sends).
void draw_corner(cv::Mat& image, const std::string& top, const std::string& bottom) {
  const double scale = 0.45;
  const int font = cv::FONT_HERSHEY_SIMPLEX;
  int y = 4;
  for (const std::string& text : {top, bottom}) {
    if (text.empty()) continue;
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, font, scale, 1, &baseline);
    const cv::Rect band =
        cv::Rect(0, y, size.width + 8, size.height + baseline + 6) & cv::Rect(0, 0, image.cols, image.rows);
    image(band) *= 0.35;
    cv::putText(image, text, {4, y + 3 + size.height}, font, scale, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    y += band.height;
  }
}

// Empties the signal socket; false when fakecam hung up.
bool drain_signals(int fd) {
  char buf[64];
  while (true) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

}  // namespace

int show_preview(const PreviewLink& link) {
  sdl().SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");  // Ctrl-C ends the preview as any program
  const SdlVideo video;
  const cv::Size size = link.ring.size();
  const WindowPtr window(
      checked(sdl().SDL_CreateWindow(link.title.c_str(), SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, size.width,
                                     size.height, SDL_WINDOW_RESIZABLE),
              "window"));
  const RendererPtr renderer(checked(sdl().SDL_CreateRenderer(window.get(), -1, 0), "renderer"));
  const TexturePtr texture(checked(sdl().SDL_CreateTexture(renderer.get(), SDL_PIXELFORMAT_BGR24,
                                                           SDL_TEXTUREACCESS_STREAMING, size.width, size.height),
                                   "texture"));

  CameraState state;
  std::string message;  // what the last key did
  bool framing = false;
  bool light = false;
  cv::Mat frame(size, CV_8UC3, cv::Scalar::all(0));
  cv::Mat shown;
  std::uint64_t last_frame = 0;
  Clock::time_point last_status{};
  bool dirty = true;

  auto send = [&](const std::string& request) {
    try {
      const ControlReply reply = link.request(request);
      message = describe_reply(request, reply.ok, reply.text);
    } catch (const Error& e) {
      message = e.what();
    }
    last_status = {};  // show the change at once
    dirty = true;
  };

  while (true) {
    pollfd p{link.signal_fd, POLLIN, 0};
    if (::poll(&p, 1, 30) > 0 && !drain_signals(link.signal_fd)) {
      spdlog::info("fakecam stopped: preview closed");
      return 0;
    }
    if (const std::uint64_t n = link.ring.read_newest(frame, last_frame); n != 0) {
      last_frame = n;
      dirty = true;
    }
    if (Clock::now() - last_status >= 1s) {
      last_status = Clock::now();
      try {
        const ControlReply reply = link.request("status");
        if (reply.ok) state = parse_status(reply.text);
      } catch (const Error& e) {
        message = e.what();
      }
      dirty = true;
    }
    SDL_Event event;
    while (sdl().SDL_PollEvent(&event) != 0) {
      if (event.type == SDL_QUIT) return 0;
      if (event.type == SDL_WINDOWEVENT) dirty = true;  // exposed or resized: draw again
      if (event.type != SDL_KEYDOWN) continue;
      switch (event.key.keysym.sym) {
        case SDLK_q:
        case SDLK_ESCAPE:
          return 0;
        case SDLK_b:
          send(next_background_request(state));
          break;
        case SDLK_f:
          framing = !framing;
          send(toggle_request("framing", framing));
          break;
        case SDLK_l:
          light = !light;
          send(toggle_request("light", light));
          break;
        default:
          break;
      }
    }
    if (!dirty) continue;
    dirty = false;
    frame.copyTo(shown);
    draw_corner(shown, corner_text(state), message);
    sdl().SDL_UpdateTexture(texture.get(), nullptr, shown.data, static_cast<int>(shown.step));
    sdl().SDL_RenderClear(renderer.get());
    sdl().SDL_RenderCopy(renderer.get(), texture.get(), nullptr, nullptr);
    sdl().SDL_RenderPresent(renderer.get());
  }
}

}  // namespace fakecam::app::preview
