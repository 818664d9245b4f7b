// Live unread badge: the server sends « your count changed »; the count shown is the one
// the server computed. On reconnect we re-read the count, since events may have been missed.
export function startNotificationBadge(badge) {
  if (!badge || !("WebSocket" in window)) return;
  const countEl = badge.querySelector("[data-notification-count]");
  let retryDelay = 1000;

  function show(count) {
    const hidden = countEl.querySelector(".visually-hidden");
    countEl.firstChild.nodeValue = String(count);
    if (hidden) countEl.appendChild(hidden);
    countEl.hidden = count === 0;
    badge.dataset.unread = String(count);
  }

  async function resync() {
    try {
      const response = await fetch(badge.dataset.countUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) show((await response.json()).unread);
    } catch (error) {
      // Offline: the next reconnect will try again.
    }
  }

  function connect(isReconnect) {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}${badge.dataset.socketUrl}`);
    socket.addEventListener("open", () => {
      retryDelay = 1000;
      badge.dataset.live = "connected";
      if (isReconnect) resync();
    });
    socket.addEventListener("message", (message) => {
      const data = JSON.parse(message.data);
      if (typeof data.unread === "number") show(data.unread);
    });
    socket.addEventListener("close", (event) => {
      badge.dataset.live = "closed";
      if (event.code === 4401) return; // signed out: nothing to listen to
      setTimeout(() => connect(true), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }
  connect(false);
}
