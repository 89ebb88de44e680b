import type { LockTypeJson } from './types';

// Titles people actually give doors, deliberately mixing in non-ASCII so that UIs, sorting and
// encodings are exercised by default.
export const LOCK_TITLES: readonly string[] = [
  'Entrance Door',
  'Büro Eingang',
  'Haustür',
  'Café Süd',
  'Łódź Gate',
  '東京 office',
  'Garage',
  'Back Door',
  'Server Room',
  'Keller',
  'Müllraum',
  'Fahrradkeller',
  'Meeting Room 2',
  'Lager Nord',
  'Reception',
  'Dachterrasse',
  'Wäscheraum',
  'Tiefgarage Süd',
  'Hintereingang',
  'Technikraum',
  'Ústí Warehouse',
  'São Paulo Desk',
  'Señorita Lounge',
  'Straße 12 Tor',
  'Øresund Dock',
  'Main Gate',
  'Storage B',
  'Loading Bay',
  'Staff Only',
  'Conference Room Ärztehaus',
  'Zürich Annex',
  'Kraków Store',
  'İstanbul Kiosk',
  'Mailroom',
  'Rooftop',
  'Lobby West',
];

export const LOCK_DESCRIPTIONS: readonly string[] = [
  'Main entrance, ground floor.',
  'Only for staff with a valid grant.',
  'Battery replaced in spring.',
  'Zugang über den Hof.',
  'Schlüssel beim Hausmeister.',
  'Opens to the loading area — keep closed.',
  'Nur werktags 7–19 Uhr.',
  'Side door next to the café.',
  'Temporary lock during renovation.',
];

export const OWNER_NAMES: readonly string[] = [
  'Home',
  'Office Vienna',
  'Ferienhaus Kärnten',
  'Coworking Graz',
  'Praxis Dr. Öztürk',
  'Warehouse Linz',
  'Studio Łódź',
  'Café Müller',
  'Gym Nord',
  'Holiday Flat Split',
];

// Varied lock types so that clients cannot assume one model; ids and models are illustrative.
export const LOCK_TYPES: readonly LockTypeJson[] = [
  { id: 'TK.Td30', manufacturerId: 1, modelName: 'Td30', supportedTechnologies: ['nfc', 'ble'] },
  { id: 'TK.Tk100', manufacturerId: 1, modelName: 'Tk100', supportedTechnologies: ['nfc', 'ble'] },
  {
    id: 'TK.WallReader',
    manufacturerId: 1,
    modelName: 'Wall Reader',
    supportedTechnologies: ['nfc'],
  },
  {
    id: 'ABUS.Padlock',
    manufacturerId: 2,
    modelName: 'Padlock 770',
    supportedTechnologies: ['ble'],
  },
  {
    id: 'BK.Cylinder',
    manufacturerId: 3,
    modelName: 'Digitaler Zylinder',
    supportedTechnologies: ['nfc', 'ble'],
  },
];

export const SUPPORTED_FEATURES: readonly string[] = [
  'OfflineGrants',
  'TimeRestrictions',
  'LogUpload',
  'FirmwareUpdate',
];
