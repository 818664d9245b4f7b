"""Everything about the Region's loan guarantees (« garanties d'emprunt »), in one folder.

* ``finance/`` — the computations (schedules, exposure, prudential ratios), pure ``Decimal``
  and free of Django so they test in isolation: nothing here may import Django at import
  time, since importing ``finance`` runs this file first;
* ``models.py`` — what a guarantee application stores, imported by ``tracking.models``
  (same Django app, so the models keep the ``tracking`` label);
* the screens under ``/garanties/``: ``views.py`` (thin), ``services.py`` (every write and
  the reads handed to ``finance``), ``forms.py``, ``rules.py``, ``exports.py``, ``urls.py``
  (namespace ``loan_guarantees``), ``demo.py`` and ``app_setup.py``.
"""
