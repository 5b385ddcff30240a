// The interactive client's terminal view: see chat_screen.hpp.
#include "apps/parley/chat_screen.hpp"

#include <algorithm>
#include <clocale>
#include <string>
#include <vector>

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

#include "apps/parley/text_wrap.hpp"

namespace parley::apps {
namespace {

enum color_pair : short { pair_online = 1, pair_idle, pair_dnd, pair_dim, pair_unread };

// Writes at most `columns` columns of UTF-8 text at (row, col).
void put(int row, int col, std::string_view text, int columns) {
  if (columns <= 0) return;
  const auto fitting = fit_columns(text, static_cast<std::size_t>(columns));
  mvaddnstr(row, col, fitting.data(), static_cast<int>(fitting.size()));
}

void fill_row(int row, int col, int columns) {
  for (int i = 0; i < columns; ++i) mvaddch(row, col + i, ' ');
}

} // namespace

chat_screen::~chat_screen() { stop(); }

void chat_screen::start() {
  if (started_) return;
  std::setlocale(LC_ALL, "");
  initscr();
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(50);
  if (has_colors()) {
    start_color();
    use_default_colors();
    init_pair(pair_online, COLOR_GREEN, -1);
    init_pair(pair_idle, COLOR_YELLOW, -1);
    init_pair(pair_dnd, COLOR_RED, -1);
    init_pair(pair_dim, COLOR_CYAN, -1);
    init_pair(pair_unread, COLOR_YELLOW, -1);
    colors_ = true;
  }
  started_ = true;
}

void chat_screen::stop() {
  if (!started_) return;
  endwin();
  started_ = false;
}

void chat_screen::resize() {
  if (!started_) return;
  // endwin + refresh makes curses ask the terminal for its size again (ncurses' documented way
  // when its own SIGWINCH handler is not installed); the next draw repaints everything.
  endwin();
  refresh();
  clear();
}

chat_screen::draw_result chat_screen::draw(chat_model& model, const input_line& input, std::string_view status,
                                           chat_clock::time_point now) {
  draw_result out;
  if (!started_) return out;
  int rows = 0, cols = 0;
  getmaxyx(stdscr, rows, cols);
  erase();
  if (rows < 5 || cols < 20) {
    put(0, 0, "terminal too small", cols);
    refresh();
    return out;
  }
  const int sidebar_width = std::clamp(cols / 5, 14, 28);
  const int members_width = cols >= 100 ? 22 : 0;
  const int pane_left = sidebar_width + 1;
  const int pane_width = cols - pane_left - (members_width ? members_width + 1 : 0);
  const int body_top = 1, body_rows = rows - 3;
  const auto* current = model.channel(model.current_channel());
  const auto* guild = current ? model.guild(current->guild_id) : nullptr;

  // Title bar.
  attron(A_REVERSE);
  fill_row(0, 0, cols);
  std::string title = " parley";
  if (current) title += "  " + current->label + (guild ? "  (" + guild->name + ")" : std::string());
  title += "  \u2014 " + model.name_of(model.self_id()) + " [" + model.status_of(model.self_id()) + "]";
  put(0, 0, title, cols);
  attroff(A_REVERSE);

  // Sidebar.
  const auto side = model.sidebar();
  int selected_row = 0;
  for (std::size_t i = 0; i < side.size(); ++i)
    if (side[i].selected) selected_row = static_cast<int>(i);
  const int side_first = std::max(0, selected_row - body_rows + 1);
  for (int r = 0; r < body_rows && side_first + r < static_cast<int>(side.size()); ++r) {
    const auto& row = side[static_cast<std::size_t>(side_first + r)];
    if (row.channel_id == 0) {
      attron(A_BOLD);
      put(body_top + r, 0, row.text, sidebar_width);
      attroff(A_BOLD);
      continue;
    }
    std::string text = (row.selected ? "> " : "  ") + row.text;
    if (row.unread > 0) text += " (" + std::to_string(row.unread) + ")";
    if (row.selected) attron(A_REVERSE);
    else if (row.unread > 0 && colors_) attron(COLOR_PAIR(pair_unread) | A_BOLD);
    put(body_top + r, 0, text, sidebar_width);
    if (row.selected) attroff(A_REVERSE);
    else if (row.unread > 0 && colors_) attroff(COLOR_PAIR(pair_unread) | A_BOLD);
  }
  for (int r = 0; r < body_rows; ++r) mvaddch(body_top + r, sidebar_width, ACS_VLINE);

  // Message pane: every message wrapped to the pane, then the window `scroll` lines up from the bottom.
  out.page_rows = std::max(1, body_rows - 1);
  if (current && pane_width > 4) {
    std::vector<std::string> lines;
    if (current->history_complete) lines.push_back("\u2014 beginning of " + current->label + " \u2014");
    else if (current->loading_older) lines.push_back("\u2014 loading older messages\u2026 \u2014");
    for (const auto& m : current->messages) {
      auto wrapped = wrap_text(m.time + " " + m.author + ": " + m.body, static_cast<std::size_t>(pane_width), 6);
      for (auto& l : wrapped) lines.push_back(std::move(l));
    }
    const int total = static_cast<int>(lines.size());
    const int max_scroll = std::max(0, total - body_rows);
    model.scroll = std::clamp(model.scroll, 0, max_scroll);
    const int first = std::max(0, total - body_rows - model.scroll);
    out.at_top = first == 0;
    for (int r = 0; r < body_rows && first + r < total; ++r) {
      const auto& line = lines[static_cast<std::size_t>(first + r)];
      const bool banner = line.starts_with("\u2014");
      if (banner && colors_) attron(COLOR_PAIR(pair_dim));
      put(body_top + r, pane_left, line, pane_width);
      if (banner && colors_) attroff(COLOR_PAIR(pair_dim));
    }
    if (model.scroll > 0) {
      attron(A_REVERSE);
      put(body_top + body_rows - 1, pane_left + std::max(0, pane_width - 14), " -- more \u2193 -- ", 14);
      attroff(A_REVERSE);
    }
  } else if (!current) {
    put(body_top, pane_left, "No channel yet: join a guild, or wait for the connection.", pane_width);
  }

  // Members with presence dots.
  if (members_width && guild) {
    const int left = cols - members_width;
    for (int r = 0; r < body_rows; ++r) mvaddch(body_top + r, left - 1, ACS_VLINE);
    attron(A_BOLD);
    put(body_top, left, "Members", members_width);
    attroff(A_BOLD);
    const auto members = model.members_of(guild->id);
    for (int r = 1; r < body_rows && r - 1 < static_cast<int>(members.size()); ++r) {
      const auto& m = members[static_cast<std::size_t>(r - 1)];
      const bool online = m.status != "offline";
      const short pair = m.status == "online" ? pair_online : m.status == "idle" ? pair_idle : pair_dnd;
      if (online && colors_) attron(COLOR_PAIR(pair));
      put(body_top + r, left, online ? "\u25CF" : "\u25CB", 1);
      if (online && colors_) attroff(COLOR_PAIR(pair));
      put(body_top + r, left + 2, m.name, members_width - 2);
    }
  }

  // Status/typing line and the input line.
  const int status_row = rows - 2, input_row = rows - 1;
  std::string typing = current ? model.typing_line(current->id, now) : std::string();
  if (colors_) attron(COLOR_PAIR(pair_dim));
  put(status_row, 0, typing.empty() ? std::string(status) : typing, cols);
  if (colors_) attroff(COLOR_PAIR(pair_dim));
  const std::string prompt = current ? current->label + "> " : "> ";
  const int prompt_width = static_cast<int>(std::min<std::size_t>(display_width(prompt), static_cast<std::size_t>(cols / 3)));
  put(input_row, 0, prompt, prompt_width);
  const auto visible = input.visible(static_cast<std::size_t>(std::max(1, cols - prompt_width - 1)));
  put(input_row, prompt_width, visible.text, cols - prompt_width);
  move(input_row, prompt_width + static_cast<int>(visible.cursor_column));
  refresh();
  return out;
}

} // namespace parley::apps
