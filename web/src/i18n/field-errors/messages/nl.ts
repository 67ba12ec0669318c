/**
 * Dutch (the reference: its type is FieldErrorMessages). One sentence per code of
 * src/kit/field-errors.ts, with exactly the placeholders of the English one; shown under the field.
 */
export const nl = {
  required: 'Vul dit veld in.',
  too_short: 'Gebruik minstens {{minimum}} tekens.',
  too_long: 'Gebruik hoogstens {{maximum}} tekens.',
  wrong_length: 'Gebruik precies {{length}} tekens.',
  too_few: 'Geef er minstens {{minimum}}.',
  too_many: 'Geef er hoogstens {{maximum}}.',
  at_least: 'Geef een getal van minstens {{minimum}}.',
  more_than: 'Geef een getal groter dan {{minimum}}.',
  at_most: 'Geef een getal van hoogstens {{maximum}}.',
  less_than: 'Geef een getal kleiner dan {{maximum}}.',
  not_multiple: 'Geef een veelvoud van {{divisor}}.',
  not_a_number: 'Geef een getal.',
  not_whole: 'Geef een geheel getal.',
  wrong_type: 'Dit soort waarde past hier niet (verwacht: {{expected}}).',
  not_one_of: 'Kies een van: {{options}}.',
  not_a_web_address: 'Geef een volledig webadres, dat met https:// begint.',
  not_an_email: 'Geef een e-mailadres, zoals naam@voorbeeld.be.',
  not_an_id: 'Dit is geen geldige identificatie.',
  not_a_date_time: 'Geef een datum en tijd, zoals 2026-03-01T09:00:00Z.',
  wrong_format: 'Dit heeft niet de verwachte vorm.',
  unknown_fields: 'Deze velden zijn hier niet bekend: {{keys}}.',
  http_address: 'Geef een adres dat met http:// of https:// begint.',
  date: 'Geef een datum in de vorm JJJJ-MM-DD.',
  time_zone: 'Geef een IANA-tijdzone, zoals Europe/Brussels.',
  slug: 'Gebruik 2 tot 63 kleine letters, cijfers en koppeltekens, te beginnen met een letter of cijfer.',
  name_in_address: 'Gebruik kleine letters, cijfers en koppeltekens, te beginnen met een letter of cijfer.',
  language_code: 'Gebruik een taalcode zoals nl, fr of en.',
  hashtag: 'Een hashtag bestaat alleen uit letters, cijfers en _.',
  six_digits: 'Geef de zes cijfers die de app toont.',
  reason: 'Zeg waarom.',
  in_future: 'Kies een tijdstip in de toekomst.',
};

export type FieldErrorMessages = Record<keyof typeof nl, string>;
