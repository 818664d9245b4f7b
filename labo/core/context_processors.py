from .navigation import available_navigation


def site_navigation(request):
    path = request.path
    items = [
        {
            "label": label,
            "url": url,
            "current": path == url or (url != "/" and path.startswith(url)),
        }
        for label, url in available_navigation(request)
    ]
    return {"main_navigation": items}
