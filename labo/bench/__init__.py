"""The site benchmark (``manage.py site_benchmark``, ``make bench``): seeding of realistic
volumes (``seeding``), the production ASGI server (``server``), concurrent HTTP measures
(``client``), figures and reports (``report``), and the locust load scenario
(``locustfile``). See README.md, « Mesures de performance »."""
