// The interactive client's full-screen terminal view (issue 6 item 4), drawn with ncurses (wide
// character build): a sidebar of guilds, channels and DMs; the message pane of the selected
// channel; the members of its guild with presence dots (when the terminal is wide enough); a
// status/typing line; the input line. It only draws a chat_model; keys are read by the session.
//
// One per process: start() takes over the terminal (curses' stdscr), stop() or the destructor
// gives it back. Not thread-safe (curses is not).
#pragma once

#include <cstddef>
#include <string_view>

#include "apps/parley/chat_model.hpp"
#include "apps/parley/input_line.hpp"

namespace parley::apps {

class chat_screen {
 public:
  chat_screen() = default;
  ~chat_screen();
  chat_screen(const chat_screen&) = delete;
  chat_screen& operator=(const chat_screen&) = delete;

  void start();
  void stop();
  // After SIGWINCH: asks the terminal for its size and resizes curses' screen.
  void resize();

  struct draw_result {
    // The top of the loaded messages is on screen: time to load an older page, if any.
    bool at_top = false;
    // Rows of the message pane, for PageUp/PageDown steps.
    int page_rows = 1;
  };
  // Clamps model.scroll to what can be scrolled.
  draw_result draw(chat_model& model, const input_line& input, std::string_view status, chat_clock::time_point now);

 private:
  bool started_ = false;
  bool colors_ = false;
};

} // namespace parley::apps
