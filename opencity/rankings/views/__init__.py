"""Views of the rankings app, one module per audience: methodology pages, the coalition's work
(assessors, reviewers, coordinators), the city's right of reply, public results and open data."""
