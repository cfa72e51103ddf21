import type { LeadField } from "./lead-field.js";

/**
 * The header names each lead field has in the exports people bring, matched case-, space- and
 * punctuation-insensitively after the field's own name (so `FNAME`, `full_name`, `E-Mail-Adresse`
 * and `Person - Email` meet their spellings). Order matters twice: when two columns could be the
 * same field (`Email` and `Work Email`), the one whose name comes first here wins; and a name that
 * could mean two fields is listed under neither (`Name`, `URL`, `Owner`: they stay custom
 * variables unless `--map` says so). Each group names where its spellings come from.
 */
export const HEADER_ALIASES = {
  email: [
    "Email",
    "Email Address",
    "Work Email",
    "Business Email",
    "Primary Email",
    "Contact Email",
    "Email 1",
    "Person - Email",
    "Person - Email - Work",
    "Email - Work",
    "Mail",
    "Personal Email",
    // Google Ads lead form and conversion downloads (the User Email / User Phone columns).
    "User Email",
    // Close lead exports (primary_contact_*: not checked against a real file).
    "Primary Contact Primary Email",
    "Primary Contact Email",
    // Outreach's prospect attributes (emails, workPhones, mobilePhones).
    "Emails",
    // Localised sheets and form tools: German, French, Spanish, Portuguese, Italian, Dutch.
    "E-Mail-Adresse",
    "Adresse e-mail",
    "Adresse électronique",
    "Courriel",
    "Correo electrónico",
    "Correo",
    "Endereço de e-mail",
    "Indirizzo email",
    "E-mailadres",
  ],
  first_name: [
    "First Name",
    "First",
    "Given Name",
    "Forename",
    "Contact First Name",
    "Person - First name",
    // Mailchimp's merge fields API: FNAME is "First Name", LNAME "Last Name".
    "FNAME",
    // Close lead exports.
    "Primary Contact First Name",
    // German, French, Spanish, Portuguese and Italian, Dutch.
    "Vorname",
    "Prénom",
    "Nombre",
    "Nome",
    "Voornaam",
  ],
  last_name: [
    "Last Name",
    "Last",
    "Surname",
    "Family Name",
    "Contact Last Name",
    "Person - Last name",
    // Mailchimp's merge fields API, Close lead exports.
    "LNAME",
    "Primary Contact Last Name",
    // German, French (Nom: see NAMES_BESIDE_FIRST_NAME), Spanish, Portuguese, Italian, Dutch.
    "Nachname",
    "Familienname",
    "Nom",
    "Nom de famille",
    "Apellido",
    "Apellidos",
    "Sobrenome",
    "Apelido",
    "Cognome",
    "Achternaam",
  ],
  company_name: [
    "Company Name",
    "Company",
    "Company / Account",
    "Account Name",
    "Account",
    "Organization",
    "Organization Name",
    "Organisation",
    "Person - Organization",
    "Current Company",
    "Employer",
    // Salesloft's Person object (person_company_name, person_company_website).
    "Person Company Name",
    // German, French, Spanish, Portuguese, Italian, Dutch.
    "Firma",
    "Unternehmen",
    "Firmenname",
    "Société",
    "Entreprise",
    "Empresa",
    "Compañía",
    "Azienda",
    "Bedrijf",
    "Bedrijfsnaam",
  ],
  job_title: [
    "Job Title",
    "Title",
    "Position",
    "Job Position",
    "Role",
    "Current Title",
    "Current Job Title",
    "Person - Job title",
    // Zoho CRM leads (older layouts name the title Designation); Close lead exports.
    "Designation",
    "Primary Contact Title",
    // German, French, Spanish and Portuguese, Italian, Dutch.
    "Berufsbezeichnung",
    "Poste",
    "Fonction",
    "Cargo",
    "Puesto",
    "Ruolo",
    "Functie",
    "Functietitel",
  ],
  phone: [
    "Phone",
    "Phone Number",
    "Telephone",
    "Tel",
    "First Phone",
    "Work Phone",
    "Work Direct Phone",
    "Direct Phone",
    "Business Phone",
    "Mobile Phone",
    "Mobile",
    "Mobile Phone Number",
    "Corporate Phone",
    "Person - Phone",
    "Person - Phone - Work",
    // Google Ads downloads; Meta Lead Ads' work_phone_number question; Outreach; Close.
    "User Phone",
    "Work Phone Number",
    "Work Phones",
    "Mobile Phones",
    "Primary Contact Primary Phone",
    "Primary Contact Phone",
    // German, French, Spanish, Portuguese, Italian, Dutch.
    "Telefon",
    "Telefonnummer",
    "Mobiltelefon",
    "Téléphone",
    "Portable",
    "Teléfono",
    "Móvil",
    "Telefone",
    "Celular",
    "Telemóvel",
    "Telefono",
    "Cellulare",
    "Telefoonnummer",
    "Mobiel",
  ],
  website: [
    "Website",
    "Website URL",
    "Company Website",
    "Company Website URL",
    "Domain",
    "Company Domain",
    "Company Domain Name",
    // Salesloft's Person object; Pipedrive organization columns.
    "Person Company Website",
    "Organization - Website",
    // German, French, Spanish, Portuguese, Italian, Dutch.
    "Webseite",
    "Site web",
    "Sitio web",
    "Página web",
    "Sito web",
  ],
  personalization: [
    "Personalization",
    "Personalisation",
    "Icebreaker",
    "Personalized Line",
    "Opening Line",
  ],
  lt_interest_status: ["Interest Status", "Lead Interest Status"],
  pl_value_lead: ["Lead Value"],
  assigned_to: ["Assigned To", "Assignee ID"],
} as const satisfies Partial<Record<LeadField, readonly string[]>>;

/**
 * Names of a column holding a whole name, split into first_name and last_name when no column is
 * either (in this order of preference). Meta Lead Ads (the full_name question), Google Ads lead
 * forms (the FULL_NAME column id of its webhook, `Full Name` in downloads), Zoho CRM views
 * (`Lead Name`, `Contact Name`), Pipedrive (`Person - Name`), Close (`primary_contact_name`), and
 * localised sheets.
 */
export const FULL_NAME_HEADERS = [
  "Full Name",
  "Contact Name",
  "Lead Name",
  "Person - Name",
  "Primary Contact Name",
  "Contact Full Name",
  "Person Name",
  "Vollständiger Name",
  "Nom complet",
  "Nombre completo",
  "Nome completo",
  "Volledige naam",
  "Naam",
] as const;

/**
 * Names that mean a family name only beside a first-name column: French sheets write `Prénom` and
 * `Nom`, but a sheet with `Nom` alone holds the whole name there.
 */
export const NAMES_BESIDE_FIRST_NAME = ["Nom"] as const;
