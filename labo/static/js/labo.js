// Site-wide behaviour, loaded as a module on every page. Each feature is progressive:
// the page works without it.
import { startNotificationBadge } from "./notifications.js";

startNotificationBadge(document.querySelector("[data-notification-badge]"));
