/*
 * floor-clock: the floor a clock server is measured against in clock-bench. A minimal native fan-out clock, as
 * cheap as a server can be on Linux without batching system calls: one thread, epoll, a timerfd armed on the
 * wall clock 20 us after every second boundary, and one send() of the same 9 bytes ("HH:MM:SS\n", UTC) to each
 * client per tick. A client gets the current time on connect (as gopl.io's clock2 does); what it sends is read
 * and dropped; a client whose socket buffer is full skips the tick; an error or EOF closes it. SIGTERM and SIGINT
 * exit 0.
 *
 *   floor-clock PORT [HOST]        (HOST defaults to 127.0.0.1)
 *
 * clock-bench compiles it with the machine's cc (gcc -O2) when --compare names "floor".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MARGIN_NS 20000L

static int *clients;      /* dense array of client fds */
static int *slot;         /* fd -> index in clients, or -1 */
static int count;
static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void) sig; stop = 1; }

static void drop(int epfd, int fd) {
  int i = slot[fd];
  if (i < 0) return;
  epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
  close(fd);
  clients[i] = clients[--count];
  slot[clients[i]] = i;
  slot[fd] = -1;
}

static void label(time_t second, char out[9]) {
  struct tm tm;
  gmtime_r(&second, &tm);
  snprintf(out, 10, "%02d:%02d:%02d\n", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void arm(int tfd, time_t next) {
  struct itimerspec at = {0};
  at.it_value.tv_sec = next;
  at.it_value.tv_nsec = MARGIN_NS;
  timerfd_settime(tfd, TFD_TIMER_ABSTIME, &at, NULL);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: floor-clock PORT [HOST]\n");
    return 2;
  }
  struct rlimit lim;
  getrlimit(RLIMIT_NOFILE, &lim);
  long maxfd = (long) lim.rlim_cur + 16;
  clients = calloc((size_t) maxfd, sizeof(int));
  slot = malloc((size_t) maxfd * sizeof(int));
  for (long i = 0; i < maxfd; i++) slot[i] = -1;
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);

  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1]))};
  inet_pton(AF_INET, argc > 2 ? argv[2] : "127.0.0.1", &addr.sin_addr);
  if (bind(lfd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(lfd, 4096) < 0) {
    fprintf(stderr, "floor-clock: cannot listen on port %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  int tfd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  int epfd = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
  epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
  ev.data.fd = tfd;
  epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  time_t next = now.tv_sec + 1;
  arm(tfd, next);
  fprintf(stderr, "floor-clock listening on port %s\n", argv[1]);

  struct epoll_event events[512];
  char line[10], sink[4096];
  while (!stop) {
    int n = epoll_wait(epfd, events, 512, -1);
    for (int e = 0; e < n; e++) {
      int fd = events[e].data.fd;
      if (fd == tfd) {
        uint64_t expirations;
        if (read(tfd, &expirations, sizeof expirations) < 0) continue;
        clock_gettime(CLOCK_REALTIME, &now);
        if (now.tv_sec < next) { arm(tfd, next); continue; }   /* early: wait for the boundary */
        label(now.tv_sec, line);
        next = now.tv_sec + 1;
        arm(tfd, next);
        for (int i = 0; i < count; i++) {
          int c = clients[i];
          if (send(c, line, 9, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            drop(epfd, c);
            i--;
          }
        }
      } else if (fd == lfd) {
        int c;
        while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          if (c >= maxfd) { close(c); continue; }
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct epoll_event cev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = c};
          epoll_ctl(epfd, EPOLL_CTL_ADD, c, &cev);
          slot[c] = count;
          clients[count++] = c;
          clock_gettime(CLOCK_REALTIME, &now);
          label(now.tv_sec < next ? now.tv_sec : next - 1, line);
          send(c, line, 9, MSG_DONTWAIT | MSG_NOSIGNAL);
        }
      } else {
        ssize_t r = read(fd, sink, sizeof sink);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) drop(epfd, fd);
      }
    }
  }
  return 0;
}
