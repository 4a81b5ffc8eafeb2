-- A database as landscape schema 1 wrote it (before plans had generations, carriers and French twins):
-- the tables of an older version's file (`sqlite3 OLD.db .schema`), with a few records. One source
-- keeps a URL that version accepted and today's checks refuse (a host name ending in a dot).
-- No `base` in meta: versions of that time did not record it (their `init` read the bundled datasets).
CREATE TABLE IF NOT EXISTS "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "departements" (
   "code" TEXT PRIMARY KEY,
   "name" TEXT NOT NULL,
   "region_code" TEXT NOT NULL,
   "region" TEXT NOT NULL,
   "population" INTEGER,
   "population_source" TEXT
);
CREATE TABLE IF NOT EXISTS "sources" (
   "id" TEXT PRIMARY KEY,
   "title" TEXT NOT NULL,
   "publisher" TEXT,
   "url" TEXT,
   "date" TEXT,
   "locator" TEXT,
   "kind" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "actors" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT NOT NULL,
   "aliases" TEXT NOT NULL DEFAULT '[]',
   "kind" TEXT NOT NULL,
   "sector" TEXT,
   "founded" TEXT,
   "ended" TEXT,
   "departement" TEXT,
   "website" TEXT,
   "twitter" TEXT,
   "summary" TEXT,
   "influence" INTEGER,
   "interest" INTEGER,
   "positioning_rationale" TEXT
);
CREATE TABLE IF NOT EXISTS "actor_roles" (
   "actor_id" TEXT REFERENCES "actors"("id"),
   "role" TEXT,
   "level" TEXT NOT NULL,
   "position" INTEGER NOT NULL,
   PRIMARY KEY ("actor_id", "role")
);
CREATE TABLE IF NOT EXISTS "plans" (
   "id" TEXT PRIMARY KEY,
   "departement_code" TEXT NOT NULL,
   "departement_name" TEXT NOT NULL,
   "region" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "title" TEXT,
   "kind" TEXT,
   "adopted" TEXT,
   "lead" TEXT REFERENCES "actors"("id"),
   "summary" TEXT
);
CREATE TABLE IF NOT EXISTS "plan_partners" (
   "plan_id" TEXT REFERENCES "plans"("id"),
   "actor_id" TEXT REFERENCES "actors"("id"),
   "position" INTEGER NOT NULL,
   PRIMARY KEY ("plan_id", "actor_id")
);
CREATE TABLE IF NOT EXISTS "events" (
   "id" TEXT PRIMARY KEY,
   "date" TEXT NOT NULL,
   "title" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "scope" TEXT NOT NULL,
   "departement" TEXT,
   "summary" TEXT
);
CREATE TABLE IF NOT EXISTS "event_actors" (
   "event_id" TEXT REFERENCES "events"("id"),
   "actor_id" TEXT REFERENCES "actors"("id"),
   "position" INTEGER NOT NULL,
   PRIMARY KEY ("event_id", "actor_id")
);
CREATE TABLE IF NOT EXISTS "relations" (
   "id" TEXT PRIMARY KEY,
   "source" TEXT NOT NULL REFERENCES "actors"("id"),
   "target" TEXT NOT NULL REFERENCES "actors"("id"),
   "kind" TEXT NOT NULL,
   "since" TEXT,
   "until" TEXT,
   "note" TEXT
);
CREATE TABLE IF NOT EXISTS "competitors" (
   "id" TEXT PRIMARY KEY,
   "actor" TEXT NOT NULL REFERENCES "actors"("id"),
   "competitor" TEXT NOT NULL REFERENCES "actors"("id"),
   "arena" TEXT NOT NULL,
   "overlap" TEXT NOT NULL,
   "note" TEXT
);
CREATE TABLE IF NOT EXISTS "offers" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT NOT NULL,
   "aliases" TEXT NOT NULL DEFAULT '[]',
   "owner" TEXT NOT NULL REFERENCES "actors"("id"),
   "category" TEXT NOT NULL,
   "launched" TEXT,
   "ended" TEXT,
   "website" TEXT,
   "summary" TEXT
);
CREATE TABLE IF NOT EXISTS "citations" (
   "record_table" TEXT,
   "record_id" TEXT,
   "source_id" TEXT REFERENCES "sources"("id"),
   "position" INTEGER NOT NULL,
   PRIMARY KEY ("record_table", "record_id", "source_id")
);
CREATE TABLE IF NOT EXISTS "disputes" (
   "record_table" TEXT,
   "record_id" TEXT,
   "position" INTEGER,
   "field" TEXT NOT NULL,
   "claims" TEXT NOT NULL,
   "note" TEXT,
   PRIMARY KEY ("record_table", "record_id", "position")
);
CREATE TABLE IF NOT EXISTS "lieux" (
   "origin" TEXT,
   "id" TEXT NOT NULL,
   "pivot" TEXT NOT NULL,
   "nom" TEXT NOT NULL,
   "commune" TEXT NOT NULL,
   "code_postal" TEXT NOT NULL,
   "code_insee" TEXT,
   "adresse" TEXT NOT NULL,
   "complement_adresse" TEXT,
   "latitude" REAL,
   "longitude" REAL,
   "typologie" TEXT,
   "telephone" TEXT,
   "courriels" TEXT,
   "site_web" TEXT,
   "horaires" TEXT,
   "presentation_resume" TEXT,
   "presentation_detail" TEXT,
   "source" TEXT,
   "itinerance" TEXT,
   "structure_parente" TEXT,
   "date_maj" TEXT NOT NULL,
   "services" TEXT,
   "publics_specifiquement_adresses" TEXT,
   "prise_en_charge_specifique" TEXT,
   "frais_a_charge" TEXT,
   "dispositif_programmes_nationaux" TEXT,
   "formations_labels" TEXT,
   "autres_formations_labels" TEXT,
   "modalites_acces" TEXT,
   "modalites_accompagnement" TEXT,
   "fiche_acces_libre" TEXT,
   "prise_rdv" TEXT,
   "departement_code" TEXT,
   PRIMARY KEY ("origin", "id")
);
CREATE INDEX "idx_lieux_departement_code"
    ON "lieux" ("departement_code");
CREATE INDEX "idx_actors_kind"
    ON "actors" ("kind");
CREATE INDEX "idx_actors_sector"
    ON "actors" ("sector");
CREATE INDEX "idx_actor_roles_role"
    ON "actor_roles" ("role");
CREATE INDEX "idx_plans_status"
    ON "plans" ("status");
CREATE INDEX "idx_plans_region"
    ON "plans" ("region");
CREATE UNIQUE INDEX "idx_plans_departement_code"
    ON "plans" ("departement_code");
CREATE INDEX "idx_plan_partners_actor_id"
    ON "plan_partners" ("actor_id");
CREATE INDEX "idx_events_date"
    ON "events" ("date");
CREATE INDEX "idx_event_actors_actor_id"
    ON "event_actors" ("actor_id");
CREATE INDEX "idx_relations_source"
    ON "relations" ("source");
CREATE INDEX "idx_relations_target"
    ON "relations" ("target");
CREATE INDEX "idx_competitors_actor"
    ON "competitors" ("actor");
CREATE INDEX "idx_competitors_competitor"
    ON "competitors" ("competitor");
CREATE INDEX "idx_offers_owner"
    ON "offers" ("owner");
CREATE INDEX "idx_citations_source_id"
    ON "citations" ("source_id");

INSERT INTO meta VALUES ('schema_version', '1'), ('dataset_hash', 'd859af862317d073'), ('generation', '3'),
    ('updated_at', '2025-03-01T10:00:00+00:00');
INSERT INTO departements VALUES ('2A', 'Corse-du-Sud', '94', 'Corse', NULL, NULL),
    ('33', 'Gironde', '75', 'Nouvelle-Aquitaine', 1623749, 'geo.api.gouv.fr'),
    ('64', 'Pyrénées-Atlantiques', '75', 'Nouvelle-Aquitaine', NULL, NULL);
INSERT INTO sources VALUES
    ('senat-r21-778-2', 'Rapport d''information n° 778 (2021-2022) – France Services', 'Sénat',
     'https://senat.fr./rap/r21-778/r21-7782.html', '2022', NULL, 'parliament'),
    ('thesis-intro', 'Inclusion numérique et stratégies d''influence (Célia Le Postec, mémoire de master)',
     'HAL / DUMAS, dumas-02468076', 'https://dumas.ccsd.cnrs.fr/dumas-02468076', '2018', 'Introduction, p. 3',
     'thesis'),
    ('departements-fr-gironde-solidarites-numerique', 'La Gironde : solidarités riment avec numérique',
     'Départements de France (departements.fr)', 'http://www.departements.fr/gironde-solidarites-riment-numerique/',
     '2018', NULL, 'web');
INSERT INTO actors VALUES
    ('cd-gironde', 'Conseil départemental de la Gironde', '["Département de la Gironde"]', 'local_authority',
     'public', NULL, NULL, '33', NULL, NULL, 'One of the first ten charter territories.', 3, 4,
     'Early mover that hosted the APTIC pilot.'),
    ('wetechcare', 'WeTechCare', '["We Tech Care"]', 'association', 'ess', '2015', NULL, NULL, NULL, NULL,
     'Sister association created by Emmaüs Connect to train people in digital skills at scale.', 4, 5,
     'Designs the tools the field uses.');
INSERT INTO actor_roles VALUES ('cd-gironde', 'policy_maker', 'primary', 0), ('cd-gironde', 'funder', 'secondary', 1),
    ('wetechcare', 'tool_provider', 'primary', 0), ('wetechcare', 'expertise', 'secondary', 1);
INSERT INTO plans VALUES
    ('plan-33', '33', 'Gironde', 'Nouvelle-Aquitaine', 'in_preparation', NULL,
     'charte avec l''État (plan national pour un numérique inclusif)', NULL, 'cd-gironde',
     'The Gironde held its first Assises des solidarités numériques on 5-6 December 2018.'),
    ('plan-2a', '2A', 'Corse-du-Sud', 'Corse', 'none_known', NULL, NULL, NULL, NULL, NULL);
INSERT INTO plan_partners VALUES ('plan-33', 'wetechcare', 0);
INSERT INTO events VALUES
    ('2018-gironde-assises-solidarites-numeriques', '2018-12-05',
     'First Assises des solidarités numériques in Gironde', 'meeting', 'departmental', '33',
     'The Gironde holds its first Assises des solidarités numériques on 5-6 December 2018.');
INSERT INTO event_actors VALUES ('2018-gironde-assises-solidarites-numeriques', 'cd-gironde', 0);
INSERT INTO relations VALUES
    ('rel-wetechcare-consulted-cd-gironde', 'wetechcare', 'cd-gironde', 'consulted', '2019', NULL,
     'Advised the Département on its local network.');
INSERT INTO offers VALUES
    ('les-bons-clics', 'Les Bons Clics', '[]', 'wetechcare', 'platform', NULL, NULL, NULL,
     'WeTechCare''s digital-learning platform.');
INSERT INTO citations VALUES
    ('actors', 'cd-gironde', 'departements-fr-gironde-solidarites-numerique', 0),
    ('actors', 'wetechcare', 'thesis-intro', 0),
    ('plans', 'plan-33', 'departements-fr-gironde-solidarites-numerique', 0),
    ('plans', 'plan-33', 'senat-r21-778-2', 1),
    ('events', '2018-gironde-assises-solidarites-numeriques', 'departements-fr-gironde-solidarites-numerique', 0),
    ('relations', 'rel-wetechcare-consulted-cd-gironde', 'thesis-intro', 0),
    ('offers', 'les-bons-clics', 'thesis-intro', 0);
INSERT INTO disputes VALUES
    ('actors', 'wetechcare', 0, 'founded',
     '[{"value": "2015", "sources": ["thesis-intro"]}, {"value": "2022", "sources": ["senat-r21-778-2"]}]',
     'Sources disagree on the founding year.');
INSERT INTO lieux (origin, id, pivot, nom, commune, code_postal, adresse, date_maj, services, departement_code)
VALUES ('data.gouv.fr', 'lieu-1', '00000000000000', 'Espace numérique des Aubiers', 'Bordeaux', '33300',
        '1 place Ralph Ellison', '2024-05-02', 'Prendre en main un ordinateur', '33');
