-- Catalogue 1.12: the icon the feed declares (Atom icon/logo, RSS image, JSON Feed favicon/icon),
-- absolute http(s), as the fetcher last reported it; NULL when it declares none or is not fetched.
-- Same bound as site_url (StoreLimits.MAX_URL_BYTES), written once for both engines.
ALTER TABLE feeds ADD COLUMN icon_url VARCHAR(8192);
