/** A language Bridge localizes names in (`Accept-Language`). */
export type BridgeLanguage = 'en' | 'fr';

/** A category with its names in both languages. */
export interface CategorySeed {
  id: number;
  en: string;
  fr: string;
}

/** A parent category and its children. */
export interface ParentCategorySeed extends CategorySeed {
  children: readonly CategorySeed[];
}

const c = (id: number, en: string, fr: string): CategorySeed => ({ id, en, fr });

/**
 * The sandbox's category tree. Ids 2 (Income), 230 (Salaries) and 279 (Pensions) match recorded real
 * data; the rest is a plausible tree of the same shape.
 */
export const CATEGORY_TREE: readonly ParentCategorySeed[] = [
  {
    ...c(1, 'Shopping', 'Achats & Shopping'),
    children: [
      c(186, 'Clothing', 'Vêtements'),
      c(184, 'Electronics', 'High-Tech'),
      c(243, 'Gifts', 'Cadeaux'),
      c(272, 'Books', 'Livres'),
    ],
  },
  {
    ...c(2, 'Income', 'Revenus'),
    children: [
      c(230, 'Salaries', 'Salaires'),
      c(279, 'Pensions', 'Retraite'),
      c(231, 'Interest', 'Intérêts'),
      c(232, 'Refunds', 'Remboursements'),
    ],
  },
  {
    ...c(3, 'Food & Dining', 'Alimentation & Restau.'),
    children: [
      c(273, 'Groceries', 'Supermarché / Épicerie'),
      c(274, 'Restaurants', 'Restaurants'),
      c(188, 'Fast food', 'Fast foods'),
      c(260, 'Coffee shop', 'Café'),
    ],
  },
  {
    ...c(4, 'Auto & Transport', 'Auto & Transports'),
    children: [
      c(251, 'Fuel', 'Carburant'),
      c(196, 'Public transportation', 'Transports en commun'),
      c(197, 'Parking', 'Parking'),
      c(309, 'Train tickets', 'Billets de train'),
    ],
  },
  {
    ...c(5, 'Home', 'Logement'),
    children: [
      c(202, 'Rent', 'Loyer'),
      c(218, 'Electricity', 'Électricité'),
      c(219, 'Internet', 'Internet'),
      c(220, 'Home insurance', 'Assurance habitation'),
    ],
  },
  {
    ...c(6, 'Health', 'Santé'),
    children: [
      c(236, 'Doctor', 'Médecin'),
      c(237, 'Pharmacy', 'Pharmacie'),
      c(238, 'Health insurance', 'Mutuelle'),
    ],
  },
  {
    ...c(7, 'Leisure', 'Loisirs & Sorties'),
    children: [
      c(223, 'Cinema', 'Cinéma'),
      c(224, 'Sports', 'Sport'),
      c(225, 'Travel', 'Voyages'),
      c(226, 'Subscriptions', 'Abonnements'),
    ],
  },
  {
    ...c(8, 'Bank', 'Banque'),
    children: [
      c(191, 'Bank fees', 'Frais bancaires'),
      c(192, 'Loan repayment', "Remboursement d'emprunt"),
      c(193, 'Savings', 'Épargne'),
      c(194, 'Internal transfer', 'Virements internes'),
    ],
  },
  {
    ...c(9, 'Taxes', 'Impôts & Taxes'),
    children: [c(206, 'Income taxes', 'Impôt sur le revenu'), c(207, 'Property taxes', 'Taxe foncière')],
  },
  {
    ...c(10, 'Withdrawals', 'Retraits, Chèques et Virements'),
    children: [c(85, 'Cash withdrawals', "Retraits d'espèces"), c(87, 'Checks', 'Chèques')],
  },
  {
    ...c(11, 'Miscellaneous', 'Divers'),
    children: [c(270, 'Uncategorized', 'Non catégorisé'), c(271, 'Donations', 'Dons')],
  },
];

/** Every category (parents and children) by id, with its parent id (`null` for a parent). */
export const CATEGORIES_BY_ID: ReadonlyMap<number, { seed: CategorySeed; parentId: number | null }> = new Map(
  CATEGORY_TREE.flatMap((parent): [number, { seed: CategorySeed; parentId: number | null }][] => [
    [parent.id, { seed: parent, parentId: null }],
    ...parent.children.map((child): [number, { seed: CategorySeed; parentId: number | null }] => [
      child.id,
      { seed: child, parentId: parent.id },
    ]),
  ]),
);

/** Picks the language from an `Accept-Language` header (English unless French comes first). */
export function languageOf(header: string | undefined): BridgeLanguage {
  return header?.trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
