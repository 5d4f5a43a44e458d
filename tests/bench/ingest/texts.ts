// Seeded, realistic short texts for the ingest bench: product-review-like sentences assembled from word lists, and
// paraphrase-like edits of them. Deterministic for a seed, so every run measures the same data.
import { textFingerprint } from "../../../lib/domain/ingest/text-fingerprint";

/** Mulberry32: a small, fast, seeded PRNG with values in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

// Products by category, each category with the parts people write about.
const CATEGORIES: readonly { products: readonly string[]; parts: readonly string[]; uses: readonly string[] }[] = [
  {
    products: ["blender", "kettle", "toaster", "coffee grinder", "rice cooker", "air fryer", "chef's knife", "frying pan", "stand mixer", "water filter jug", "espresso machine", "slow cooker", "food processor", "cutting board", "milk frother"],
    parts: ["lid", "handle", "motor", "jug", "blade", "non-stick coating", "power cord", "buttons", "timer", "base", "filter", "thermostat", "spout", "display", "seal"],
    uses: ["morning smoothies", "weekday dinners", "meal prep on Sundays", "baking bread", "making soup for the family", "my first apartment", "a small kitchen", "camping trips", "quick breakfasts", "hosting friends"],
  },
  {
    products: ["pair of wireless earbuds", "phone case", "power bank", "bluetooth speaker", "smartwatch", "USB-C cable", "laptop stand", "webcam", "mechanical keyboard", "gaming mouse", "e-reader", "tablet", "router", "portable monitor", "dash cam"],
    parts: ["battery", "charging port", "sound", "microphone", "screen", "case", "strap", "companion app", "cable", "keycaps", "firmware", "touch controls", "hinge", "speaker grille", "status light"],
    uses: ["video calls", "the daily commute", "working from home", "long flights", "gaming at night", "the gym", "online classes", "podcasts", "reading in bed", "road trips"],
  },
  {
    products: ["pair of hiking boots", "rain jacket", "backpack", "two-person tent", "sleeping bag", "pair of running shoes", "pack of wool socks", "pair of sunglasses", "water bottle", "set of trekking poles", "fleece", "sun hat", "cycling helmet", "headlamp", "camping stove"],
    parts: ["zipper", "sole", "laces", "shoulder straps", "seams", "hood", "pockets", "fabric", "buckle", "lining", "stitching", "insole", "frame", "drawcord", "waterproofing"],
    uses: ["weekend hikes", "a trip to the Alps", "rainy school runs", "trail running", "a festival", "a week of camping", "walking the dog", "cycling to work", "a charity marathon", "winter mornings"],
  },
  {
    products: ["desk lamp", "office chair", "vacuum cleaner", "set of bed sheets", "memory foam pillow", "pair of curtains", "shower head", "bookshelf", "doormat", "wall clock", "standing fan", "humidifier", "duvet", "laundry basket", "robot vacuum"],
    parts: ["switch", "armrests", "suction", "cotton", "filling", "hooks", "spray settings", "shelves", "backing", "ticking", "remote", "water tank", "brush roll", "wheels", "assembly instructions"],
    uses: ["the spare room", "a home office", "the hallway", "our new flat", "a student room", "the nursery", "hot summer nights", "a rented house", "my parents' place", "the guest bedroom"],
  },
  {
    products: ["board game", "jigsaw puzzle", "paperback", "face cream", "bottle of shampoo", "hair dryer", "electric toothbrush", "yoga mat", "set of dumbbells", "bike light", "watercolour set", "ukulele", "sketchbook", "kids' scooter", "skipping rope"],
    parts: ["box", "pieces", "print quality", "scent", "texture", "nozzle", "brush head", "grip", "weight plates", "mount", "colours", "strings", "paper", "handlebar", "rope"],
    uses: ["family game nights", "a birthday present", "my holiday reading", "dry winter skin", "daily workouts", "my daughter's art club", "rainy afternoons", "a beginner like me", "my morning routine", "evening rides"],
  },
];

const PEOPLE = ["my wife", "my husband", "my son", "my daughter", "my mother", "my dad", "a colleague", "my flatmate", "our neighbour", "my partner", "my sister", "my grandad", "a friend from work", "my teenage nephew", "my best friend"];
const DURATIONS = ["two days", "a week", "ten days", "two weeks", "three weeks", "a month", "six weeks", "two months", "three months", "half a year", "nearly a year", "a full year", "eighteen months", "two years", "a long weekend"];
const POSITIVE = ["sturdy", "well made", "comfortable", "reliable", "quiet", "solid", "easy to use", "light", "surprisingly good", "excellent", "great value", "well designed", "durable", "handy", "impressive", "pleasant", "smooth", "robust", "decent", "brilliant"];
const NEGATIVE = ["flimsy", "cheaply made", "uncomfortable", "unreliable", "noisy", "wobbly", "fiddly", "heavy", "disappointing", "poor", "overpriced", "badly designed", "fragile", "awkward", "underwhelming", "annoying", "rough", "loose", "useless", "mediocre"];
const ADVERBS = ["really", "quite", "very", "fairly", "pretty", "genuinely", "a bit", "slightly", "extremely", "honestly", "rather", "remarkably"];
const SHOPS = ["online", "at a local shop", "in the January sales", "on a flash deal", "from the brand's website", "second hand", "with a discount code", "at the airport", "as a gift card treat", "on impulse"];
const PRICES = ["12", "15", "19", "24", "29", "35", "39", "45", "49", "55", "60", "75", "89", "99", "120", "149", "180", "230"];
const COMPARED = ["my old one", "the model my brother has", "the one in the shop demo", "the cheaper brands", "what the photos suggested", "the previous version", "similar products I tried", "the reviews I had read", "what I paid for", "my expectations"];
const COUNTS = ["twice", "three times", "four times", "every single day", "most evenings", "once a week", "a handful of times", "almost daily", "on every trip", "at least ten times"];

type Slots = { product: string; part: string; part2: string; use: string; person: string; duration: string; good: string; bad: string; adverb: string; shop: string; price: string; compared: string; count: string };
type Template = (s: Slots) => string;

const OPENINGS: readonly Template[] = [
  (s) => `I bought this ${s.product} ${s.shop} for ${s.use}.`,
  (s) => `Got the ${s.product} for ${s.person} ${s.duration} ago.`,
  (s) => `We have used this ${s.product} ${s.count} since it arrived.`,
  (s) => `Ordered the ${s.product} after my last one broke, paying ${s.price} pounds.`,
  (s) => `This ${s.product} was a present from ${s.person}.`,
  (s) => `After ${s.duration} of use, here is my honest take on the ${s.product}.`,
  (s) => `Picked up this ${s.product} ${s.shop}, mainly for ${s.use}.`,
  (s) => `${s.person[0]!.toUpperCase()}${s.person.slice(1)} recommended this ${s.product} to me.`,
  (s) => `At ${s.price} pounds I did not expect much from this ${s.product}.`,
  (s) => `Needed a ${s.product} for ${s.use} and chose this one.`,
  (s) => `Third ${s.product} I have owned, and I have had this one for ${s.duration}.`,
  (s) => `Delivery took ${s.duration}, which was longer than promised for a ${s.product}.`,
];

const PRAISE: readonly Template[] = [
  (s) => `The ${s.part} feels ${s.good} and the ${s.part2} works as described.`,
  (s) => `It is ${s.adverb} ${s.good}, much better than ${s.compared}.`,
  (s) => `I like that the ${s.part} is ${s.good}; ${s.person} noticed it too.`,
  (s) => `Setting it up took five minutes and the ${s.part2} has been ${s.good} so far.`,
  (s) => `Even with heavy use for ${s.use} the ${s.part} still looks new.`,
  (s) => `Compared with ${s.compared}, the ${s.part} is ${s.adverb} ${s.good}.`,
  (s) => `Worth every one of the ${s.price} pounds, mostly because of the ${s.part2}.`,
  (s) => `No complaints about the ${s.part}, it is ${s.good} and easy to clean.`,
];

const COMPLAINT: readonly Template[] = [
  (s) => `Sadly the ${s.part} is ${s.bad} and the ${s.part2} gave up after ${s.duration}.`,
  (s) => `The ${s.part} feels ${s.adverb} ${s.bad}, worse than ${s.compared}.`,
  (s) => `My only complaint is that the ${s.part2} is ${s.bad}.`,
  (s) => `Customer service took ${s.duration} to answer a question about the ${s.part}.`,
  (s) => `It arrived with a scratched ${s.part} and a ${s.bad} ${s.part2}.`,
  (s) => `For ${s.price} pounds I expected a less ${s.bad} ${s.part}.`,
  (s) => `The ${s.part2} stopped working ${s.count} and had to be reset.`,
  (s) => `${s.person[0]!.toUpperCase()}${s.person.slice(1)} thinks the ${s.part} is ${s.bad}, and I agree.`,
];

const CLOSINGS: Record<"positive" | "negative" | "neutral", readonly Template[]> = {
  positive: [
    () => `Would happily buy it again.`,
    (s) => `Recommended, especially for ${s.use}.`,
    (s) => `Five stars from me and from ${s.person}.`,
    (s) => `Already ordered a second one for ${s.person}.`,
    () => `Great purchase overall.`,
  ],
  negative: [
    () => `I am sending it back.`,
    (s) => `Not worth ${s.price} pounds, avoid.`,
    (s) => `Would not recommend it for ${s.use}.`,
    () => `One star, and that is generous.`,
    (s) => `I went back to ${s.compared}.`,
  ],
  neutral: [
    () => `It does the job, nothing more.`,
    (s) => `Fine for ${s.use}, but shop around first.`,
    () => `Three stars: some good points, some bad.`,
    (s) => `Okay for the price of ${s.price} pounds.`,
    () => `Mixed feelings so far.`,
  ],
};

export const LABELS = ["positive", "negative", "neutral"] as const;
export type Label = (typeof LABELS)[number];
export type GeneratedText = { text: string; label: Label };

type Category = (typeof CATEGORIES)[number];

function slots(random: Random, category: Category): Slots {
  const part = pick(random, category.parts);
  let part2 = pick(random, category.parts);
  if (part2 === part) part2 = category.parts[(category.parts.indexOf(part) + 1) % category.parts.length]!;
  return {
    product: pick(random, category.products),
    part,
    part2,
    use: pick(random, category.uses),
    person: pick(random, PEOPLE),
    duration: pick(random, DURATIONS),
    good: pick(random, POSITIVE),
    bad: pick(random, NEGATIVE),
    adverb: pick(random, ADVERBS),
    shop: pick(random, SHOPS),
    price: pick(random, PRICES),
    compared: pick(random, COMPARED),
    count: pick(random, COUNTS),
  };
}

/** One review of three or four sentences (about 130 to 300 characters) about one product, with its sentiment label. */
export function generateReview(random: Random): GeneratedText {
  const label = pick(random, LABELS);
  const category = pick(random, CATEGORIES);
  const shared = slots(random, category);
  const sentences = [pick(random, OPENINGS)(shared)];
  const body = label === "positive" ? [PRAISE, PRAISE] : label === "negative" ? [COMPLAINT, COMPLAINT] : [PRAISE, COMPLAINT];
  const bodyCount = 1 + Math.floor(random() * 2);
  // Each body sentence mentions its own parts and words, as a person writing about several things does.
  for (let i = 0; i < bodyCount; i++) sentences.push(pick(random, body[i]!)({ ...shared, ...otherWords(random, category, shared) }));
  if (bodyCount === 1 || random() < 0.6) sentences.push(pick(random, CLOSINGS[label])({ ...shared, ...otherWords(random, category, shared) }));
  return { text: sentences.join(" "), label };
}

function otherWords(random: Random, category: Category, base: Slots): Partial<Slots> {
  const other = slots(random, category);
  return { ...other, product: base.product, part: other.part === base.part ? base.part2 : other.part };
}

/** `count` distinct reviews (distinct also after fingerprinting, so none is an exact duplicate of another). */
export function generateReviews(count: number, seed: number, avoid: ReadonlySet<string> = new Set()): GeneratedText[] {
  const random = prng(seed);
  const seen = new Set<string>();
  const out: GeneratedText[] = [];
  while (out.length < count) {
    const review = generateReview(random);
    const key = textFingerprint(review.text);
    if (seen.has(key) || avoid.has(key)) continue;
    seen.add(key);
    out.push(review);
  }
  return out;
}

/** Every word the generator can produce: the pool that substitutions and insertions draw from. */
export const VOCABULARY: readonly string[] = (() => {
  const random = prng(0xc0ffee);
  const words = new Set<string>();
  for (let i = 0; i < 3000; i++) for (const w of generateReview(random).text.split(" ")) words.add(w.replace(/[.,;:]$/, "").toLowerCase());
  return [...words].filter((w) => w.length > 0).sort();
})();

export type EditKind = "substitute" | "insert" | "delete" | "swap";
const EDIT_KINDS: readonly EditKind[] = ["substitute", "insert", "delete", "swap"];

/**
 * A paraphrase-like copy: round(rate × words) word edits (at least one), each a substitution, insertion, deletion
 * or swap of two neighbouring words, at random positions. Punctuation stays attached to its word.
 */
export function editText(text: string, rate: number, random: Random, kinds: readonly EditKind[] = EDIT_KINDS): string {
  const words = text.split(" ");
  const edits = Math.max(1, Math.round(rate * words.length));
  for (let e = 0; e < edits; e++) {
    const kind = pick(random, kinds);
    const at = Math.floor(random() * words.length);
    if (kind === "substitute") {
      const old = words[at]!;
      const trailing = /[.,;:!?]$/.exec(old)?.[0] ?? "";
      let word = pick(random, VOCABULARY);
      while (word === old.replace(/[.,;:!?]$/, "").toLowerCase()) word = pick(random, VOCABULARY);
      words[at] = word + trailing;
    } else if (kind === "insert") {
      words.splice(at, 0, pick(random, VOCABULARY));
    } else if (kind === "delete" && words.length > 3) {
      words.splice(at, 1);
    } else {
      const j = at + 1 < words.length ? at + 1 : at - 1;
      [words[at], words[j]] = [words[j]!, words[at]!];
    }
  }
  return words.join(" ");
}
