// Live forum pages. Events carry ids only: the page fetches each post through the normal,
// permission-checked view. On reconnect it fetches what it missed since the last post id.
// Without WebSocket or JavaScript the pages work as plain HTML with forms and redirects.
const STOP_CODES = new Set([4401, 4403, 4404]);

function socketUrl(path) {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${path}`;
}

function listen(element, onEvent, onReconnect) {
  if (!("WebSocket" in window)) return;
  let retryDelay = 1000;
  function connect(isReconnect) {
    const socket = new WebSocket(socketUrl(element.dataset.socketUrl));
    socket.addEventListener("open", () => {
      retryDelay = 1000;
      element.dataset.live = "connected";
      if (isReconnect && onReconnect) onReconnect();
    });
    socket.addEventListener("message", (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      onEvent(data);
    });
    socket.addEventListener("close", (event) => {
      element.dataset.live = "closed";
      if (STOP_CODES.has(event.code)) return;
      setTimeout(() => connect(true), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }
  connect(false);
}

async function fetchHtml(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } });
  if (!response.ok) return null;
  const template = document.createElement("template");
  template.innerHTML = await response.text();
  return template.content;
}

function startTopic(container) {
  const status = document.querySelector("[data-forum-live-status]");
  const append = container.dataset.liveAppend === "1";
  const announce = (text) => { if (status) status.textContent = text; };
  const remember = (id) => {
    if (id > Number(container.dataset.lastPostId || 0)) container.dataset.lastPostId = String(id);
  };

  async function showPost(postId) {
    const fragmentUrl = container.dataset.fragmentUrl.replace(/\/0\/fragment\/$/, `/${postId}/fragment/`);
    const existing = document.getElementById(`message-${postId}`);
    const content = await fetchHtml(fragmentUrl);
    const article = content && content.querySelector("article");
    if (!article) {
      if (existing) existing.remove(); // hidden or deleted: no longer ours to see
      return;
    }
    if (existing) {
      existing.replaceWith(article);
    } else if (append) {
      container.appendChild(article);
      remember(postId);
      const author = article.querySelector(".forum-post__author");
      announce(container.dataset.textNewPost.replace("%(author)s", author ? author.textContent : ""));
    } else {
      announce(container.dataset.textNewElsewhere);
    }
  }

  async function catchUp() {
    if (!append) return;
    const url = `${container.dataset.afterUrl}?apres=${encodeURIComponent(container.dataset.lastPostId || "0")}`;
    const content = await fetchHtml(url);
    if (!content) return;
    for (const article of content.querySelectorAll("article[data-post-id]")) {
      const id = Number(article.dataset.postId);
      if (!document.getElementById(`message-${id}`)) container.appendChild(article);
      remember(id);
    }
  }

  listen(container, (data) => {
    if (typeof data.post_id !== "number") return;
    if (["post.created", "post.edited", "post.hidden"].includes(data.event)) showPost(data.post_id);
  }, catchUp);
}

function startCategory(element) {
  const notice = element.querySelector("[data-forum-new-topics]");
  const link = element.querySelector("[data-forum-new-topics-link]");
  const seen = new Set();
  listen(element, (data) => {
    if (data.event !== "topic.created" || typeof data.topic_id !== "number") return;
    seen.add(data.topic_id);
    link.textContent = seen.size === 1
      ? element.dataset.textOne
      : element.dataset.textMany.replace("%(count)s", String(seen.size));
    notice.hidden = false;
  });
}

function startMentions(textarea) {
  const holder = textarea.closest("form")?.querySelector("[data-mention-url]");
  if (!holder) return;
  const list = document.createElement("ul");
  list.className = "forum-mentions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", holder.dataset.mentionLabel || "");
  list.hidden = true;
  textarea.insertAdjacentElement("afterend", list);
  let timer;
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    const before = textarea.value.slice(0, textarea.selectionStart);
    const match = before.match(/@\[?([^\]\n@[]{2,40})$/);
    if (!match) { list.hidden = true; return; }
    timer = setTimeout(async () => {
      const response = await fetch(`${holder.dataset.mentionUrl}?q=${encodeURIComponent(match[1])}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const { results } = await response.json();
      list.replaceChildren();
      for (const { name } of results) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.setAttribute("role", "option");
        button.textContent = name; // textContent: display names are untrusted
        button.addEventListener("click", () => {
          const start = before.length - match[0].length;
          textarea.value = `${textarea.value.slice(0, start)}@[${name}] ${textarea.value.slice(textarea.selectionStart)}`;
          list.hidden = true;
          textarea.focus();
        });
        item.appendChild(button);
        list.appendChild(item);
      }
      list.hidden = results.length === 0;
    }, 200);
  });
}

const topic = document.querySelector("[data-forum-topic]");
if (topic) startTopic(topic);
const category = document.querySelector("[data-forum-category]");
if (category) startCategory(category);
document.querySelectorAll("form textarea[name='body']").forEach(startMentions);
