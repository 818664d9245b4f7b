from labo.permissions import rule_required

# Anonymous visitors go to the login page; logged-in users without a staff role get a 403 with
# the French reason.
staff_required = rule_required("tracking.staff")
