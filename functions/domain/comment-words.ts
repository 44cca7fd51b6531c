// The word lists behind comment classification and request matching, as data. Phrases are matched
// as whole words, case-insensitively. Warning and complaint phrases also match the usual
// inflections of their last word (see phrases.ts): "bid" hears "bids" and "bidding", "smell"
// "smells" and "smelled". The other lists match exactly as written, so "please" is not "pleased".

/** Signs the customer may leave. Checked first: one of them makes the comment a warning. */
export const WARNING_PHRASES: readonly string[] = [
  'bid',
  'rfp',
  'request for proposal',
  'tender',
  'go out to bid',
  'quote from',
  'quotes from',
  'competitor',
  'other company',
  'other companies',
  'another company',
  'other cleaning',
  'another cleaning',
  'other provider',
  'another provider',
  'new provider',
  'other vendor',
  'another vendor',
  'new vendor',
  'other contractor',
  'another contractor',
  'new contractor',
  'switch provider',
  'switch vendor',
  'switch companies',
  'cancel',
  'terminate',
  'end the contract',
  'end our contract',
  'give notice',
  'not renew',
  "won't renew",
  'not be renewing',
  'not renewing',
  'looking elsewhere',
  'look elsewhere',
  'shop around',
  'shopping around',
  'other options',
  'our options',
  'review our contract',
  'reviewing our contract',
  'vendor contracts',
  'budget cut',
  'cut back',
  'cutting back',
  'scale back',
  'lease ends',
  'moving out',
  'relocate',
  'we may move',
];

/**
 * Reassurances removed before warnings are looked for: "we have no plans to switch providers" is
 * not a warning. Each runs to the end of its clause.
 */
export const REASSURANCE = /\b(?:no|not|never)\s+(?:\w+\s+){0,2}?(?:plans?|planning|intention|intend|thinking|looking)\b[^.!?;,]*/giu;

/**
 * Praise that uses a complaint's words, taken out before complaints are looked for: "no
 * complaints", "never misses a spot", "can't complain".
 */
export const PRAISE_PHRASES: readonly string[] = [
  'no complaint',
  'no complaints',
  'nothing to complain',
  "can't complain",
  'cannot complain',
  'no issue',
  'no issues',
  'no problem',
  'no problems',
  'never had a problem',
  'never had an issue',
  'never miss',
  'never misses',
  'never missed',
  'nothing missed',
  'nothing was missed',
  'never disappoint',
  'never disappoints',
  "couldn't be happier",
  'could not be happier',
  'not bad',
  'not too bad',
  'all good',
  'keep it up',
  'keep up the good work',
  'keep up the great work',
  'keep up the excellent work',
];

/** Something went wrong. Any one makes the comment a complaint, ahead of a request or praise. */
export const COMPLAINT_PHRASES: readonly string[] = [
  'dirty',
  'filthy',
  'grimy',
  'miss',
  'overflow',
  'smell',
  'stink',
  'odor',
  'odour',
  'stain',
  'sticky',
  'dusty',
  'mess',
  'messy',
  'forgot',
  'forgotten',
  'ran out',
  'running out',
  'run out',
  'out of soap',
  'out of paper',
  'is empty',
  'are empty',
  'was empty',
  'were empty',
  'empty again',
  'nobody came',
  'no one came',
  'nobody showed',
  'no one showed',
  'complain',
  'complaint',
  'problem',
  'poor',
  'disgusting',
  'gross',
  'dirt',
  'grime',
  'dust on',
  'streak',
  'streaky',
  'smudge',
  'cobweb',
  'debris',
  'sloppy',
  'careless',
  'terrible',
  'awful',
  'unacceptable',
  'disappointed',
  'disappointing',
  'worse',
  'broken',
  'damaged',
  'rude',
  'skipped',
  'ignored',
  'left a mess',
  'same issue',
  'same problem',
  'yet again',
  'could be better',
  'could do better',
];

/** Complaint words matched only exactly as written: "issues", but not "we issued a badge". */
export const COMPLAINT_WORDS: readonly string[] = ['issue', 'issues'];

/** Words that mean something went wrong only when nothing in the comment is praise: "late again" against "great job again". */
export const WEAK_COMPLAINT_PHRASES: readonly string[] = ['again', 'still', 'never', 'late', 'twice', 'three times'];

/** Chores, in the forms that follow "not", "never" or "n't": "the bins were not emptied", "nobody has cleaned". */
export const CHORES: readonly string[] = [
  'clean', 'cleaned', 'emptied', 'empty', 'done', 'do', 'mopped', 'mop', 'vacuumed', 'vacuum', 'dusted', 'dust',
  'wiped', 'wipe', 'restocked', 'restock', 'refilled', 'refill', 'replaced', 'replace', 'stocked', 'fixed', 'fix',
  'washed', 'serviced', 'touched', 'come', 'came', 'show', 'showed', 'picked', 'taken', 'changed', 'swept', 'polished',
];

/** Praise words that, after "not", are a complaint: "not happy with the floors". */
export const NEGATED_PRAISE: readonly string[] = [
  'happy', 'good', 'great', 'clean', 'satisfied', 'pleased', 'impressed', 'acceptable', 'up to standard', 'up to par', 'okay', 'ok',
];

/** Asking for something. */
export const REQUEST_PHRASES: readonly string[] = [
  'please',
  'pls',
  'could you',
  'can you',
  'would you',
  'will you',
  'can we',
  'could we',
  'would like',
  "we'd like",
  "i'd like",
  'would love',
  'would be nice',
  'would be great',
  'would be helpful',
  'would help',
  'need',
  'needs',
  'needed',
  'want',
  'wants',
  'wish',
  'request',
  'requests',
  'ask',
  'asking',
  'add',
  'adding',
  'more',
  'extra',
  'consider',
  'make sure',
  'ensure',
  'remember to',
  "don't forget",
  'do not forget',
  'should',
  'suggest',
  'suggestion',
  'suggestions',
  'recommend',
  'how about',
  'prefer',
  "let's",
];

/** Imperatives that open a request when they start a sentence: "Mop the lobby nightly." */
export const REQUEST_VERBS: readonly string[] = [
  'check', 'clean', 'mop', 'vacuum', 'dust', 'wipe', 'empty', 'restock', 'refill', 'replace', 'fix', 'wash', 'polish',
  'shampoo', 'scrub', 'sweep', 'sanitize', 'disinfect', 'start', 'stop', 'schedule', 'move', 'send', 'call', 'bring', 'keep',
];

/** Thanks and satisfaction. */
export const PRAISE_WORDS: readonly string[] = [
  'thanks', 'thank', 'great', 'good', 'excellent', 'happy', 'pleased', 'love', 'loved', 'amazing', 'wonderful', 'fantastic',
  'well done', 'spotless', 'appreciate', 'appreciated', 'impressed', 'perfect', 'nice', 'satisfied', 'improved',
  'improvement', 'better', 'keep it up',
  'keep up', 'responsive', 'satisfactory', 'awesome', 'superb', 'outstanding', 'fine', 'ok', 'okay', 'as always', 'kudos',
];

/** Words that say nothing about what is asked for, left out when two requests are compared. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but so as if of to in on at by for from with into onto over under about after before
  this that these those there here it its our your their my me we you they i us them he she his her
  is are was were be been being am do does did done have has had will would could can should may might must
  please pls thanks thank need needs want like also just more extra some any all every each once twice again still always
  add make sure ensure keep get got start check clean cleaning cleaned mop vacuum dust wipe empty restock refill replace
  fix wash polish shampoo scrub sweep sanitize disinfect time times not no very really much many too well
  out up run running ran room area`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Words that name the same thing, mapped to one (after lower-casing, before stemming). */
export const SYNONYMS: Readonly<Record<string, string>> = {
  bathroom: 'restroom', bathrooms: 'restroom', washroom: 'restroom', washrooms: 'restroom', toilet: 'restroom', toilets: 'restroom',
  lavatory: 'restroom', lavatories: 'restroom', loo: 'restroom', wc: 'restroom', ladies: 'restroom', "ladies'": 'restroom',
  "men's": 'restroom', "women's": 'restroom', mens: 'restroom', womens: 'restroom',
  level: 'floor', levels: 'floor', fl: 'floor', storey: 'floor',
  first: '1', second: '2', third: '3', fourth: '4', fifth: '5', sixth: '6', '1st': '1', '2nd': '2', '3rd': '3',
  garbage: 'trash', rubbish: 'trash', waste: 'trash',
  monthly: 'month', weekly: 'week', daily: 'day', nightly: 'night', evenings: 'evening',
};
