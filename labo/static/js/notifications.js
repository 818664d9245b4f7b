// Live unread badge: the server sends « your count changed »; the count shown is the one
// the server computed. On reconnect we re-read the count, since events may have been missed.
// Close codes 4401 (signed out) and 4403 (refused) mean « stop listening ».
const STOP_CODES = new Set([4401, 4403]);

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
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (error) {
        return; // not ours: ignore rather than break the badge
      }
      if (typeof data.unread === "number") show(data.unread);
    });
    socket.addEventListener("close", (event) => {
      badge.dataset.live = "closed";
      if (STOP_CODES.has(event.code)) return; // signed out or refused: nothing to listen to
      setTimeout(() => connect(true), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }
  // The notification page's htmx actions announce the new count in an HX-Trigger event, so
  // the badge follows even when the websocket is down.
  document.body.addEventListener("notifications:unread", (event) => {
    if (event.detail && typeof event.detail.unread === "number") show(event.detail.unread);
  });
  connect(false);
}
