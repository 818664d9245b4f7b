"""Staff pages of the tracking module, under /instruction/ (site-styled, extending
base.html: instructors work there all day, with the same navigation and notifications as the
rest of the site; the Wagtail admin keeps the configuration of calls and links here)."""
