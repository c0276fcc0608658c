"""Training pages. Thin: they check permission, call a selector or a service,
and render. Split by audience: mine (everyone), sessions and manage
(coordinators and administrators), compliance (those plus sergeants)."""
