// glibc's natural logarithm, reproduced bit for bit in pure TypeScript, so that the numpy
// stream's normals equal numpy's (numpy's legacy gauss calls the C library's log).
//
// Algorithm and tables: ARM optimized-routines log (MIT), which glibc ≥ 2.28 ships as
// sysdeps/ieee754/dbl-64/e_log.c. On x86_64 CPUs with FMA (every x86_64 since ~2013), glibc
// dispatches to __ieee754_log_fma, a build of that source in which GCC fused a·b + c into
// single-rounding FMAs. The operation order below transcribes that build's machine code
// (glibc 2.36), and each fused step is emulated exactly by fusedMultiplyAdd (glibcLogExact).
// glibcLog gets the same bits faster: it skips the emulation whenever that provably cannot
// change the result. Checked against Python's math.log on 2^20 inputs in the unit tests
// (test/fixtures/glibc-log.json) and against libm on 4·10^8 (scripts/fixtures/glibc_log_bulk.ts).
// Other C libraries (macOS, Windows, glibc without FMA) may differ in rare last bits.

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;
const LO = littleEndian ? 0 : 1;

/** Veltkamp splitter 2^27 + 1: splits a double into halves whose pairwise products are exact. */
const SPLITTER = 134217729;

/**
 * RN(a·b + c) with a single rounding, like the FMA instruction, for finite arguments whose
 * product and sum neither overflow nor come near the subnormal range (true for every call in
 * glibcLog). Boldo & Melquiond's emulation: exact product (Dekker), exact sum (TwoSum), the
 * two error terms added with round-to-odd, then one final round-to-nearest.
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const product = a * b;
  let split = SPLITTER * a;
  const aHi = split - (split - a);
  const aLo = a - aHi;
  split = SPLITTER * b;
  const bHi = split - (split - b);
  const bLo = b - bHi;
  const productError = aHi * bHi - product + aHi * bLo + aLo * bHi + aLo * bLo;

  const sum = c + product;
  const sumPart = sum - c;
  const sumError = c - (sum - sumPart) + (product - sumPart);

  let tail = sumError + productError;
  const tailPart = tail - sumError;
  const tailError = sumError - (tail - tailPart) + (productError - tailPart);
  if (tailError !== 0) tail = roundToOdd(tail, tailError);
  return sum + tail;
}

/** `nearest` = RN(t) for an inexact t = nearest + error: returns the neighbour of t with an odd last bit. */
function roundToOdd(nearest: number, error: number): number {
  bits[0] = nearest;
  if ((words[LO] & 1) === 1) return nearest;
  // Even: the odd neighbour lies one ulp towards the error. Step the magnitude as a 64-bit integer.
  if (nearest > 0 === error > 0) {
    words[LO] = (words[LO] + 1) >>> 0;
    if (words[LO] === 0) words[HI] = words[HI] + 1;
  } else {
    if (words[LO] === 0) words[HI] = words[HI] - 1;
    words[LO] = (words[LO] - 1) >>> 0;
  }
  return bits[0];
}

// __log_data (LOG_TABLE_BITS = 7, LOG_POLY_ORDER = 6, LOG_POLY1_ORDER = 12).
const LN2_HI = 0.6931471805598903;
const LN2_LO = 5.497923018708371e-14;
const A0 = -0.5000000000000001;
const A1 = 0.33333333331825593;
const A2 = -0.2499999999622955;
const A3 = 0.20000304511814496;
const A4 = -0.16667054827627667;
const B0 = -0.5;
const B1 = 0.3333333333333352;
const B2 = -0.24999999999998432;
const B3 = 0.19999999999320328;
const B4 = -0.16666666669929706;
const B5 = 0.14285715076560868;
const B6 = -0.12499997863982555;
const B7 = 0.11110712032936046;
const B8 = -0.10000486757818193;
const B9 = 0.09181994006195467;
const B10 = -0.08328363062289341;

/** (invc, logc) for the 128 subintervals of [0x1.6p-1, 0x1.6p0): c near the centre, invc ≈ 1/c, logc ≈ log(c). */
const TABLE = new Float64Array([
  1.4504249240398293, -0.3718565645633589, 1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945, 1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097, 1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188, 1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586, 1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761, 1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526, 1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998, 1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555, 1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154, 1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115, 1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692, 1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968, 1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678, 1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873, 1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895, 1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046, 1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045, 1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833, 1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919, 1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543, 1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228, 1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024, 1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573, 1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727, 1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279, 1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482, 1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573, 1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901, 1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698, 1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668, 1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897, 1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143, 1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327, 1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086, 1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985, 1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888, 1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822, 1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831, 1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809, 1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412, 0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066, 0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744, 0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186, 0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107, 0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153, 0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905, 0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516, 0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061, 0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756, 0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146, 0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969, 0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753, 0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317, 0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744, 0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396, 0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975, 0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884, 0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145, 0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143, 0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595, 0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256, 0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876, 0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366, 0.729344777457841, 0.31560871301871884,
]);

/** 2^−k for the exponents k of normal doubles, so the fast path can form z = x·2^−k exactly. */
const POW2_NEG = new Float64Array(2048);
const POW2_NEG_BIAS = 1022;
for (let k = 0, p = 1, q = 1; k <= 1025; k++, p /= 2, q *= 2) {
  POW2_NEG[POW2_NEG_BIAS + k] = p;
  if (k <= POW2_NEG_BIAS) POW2_NEG[POW2_NEG_BIAS - k] = q;
}
/** invc split (Veltkamp) once, for the exact product z·invc. */
const INVC_SPLIT = new Float64Array(256);
for (let i = 0; i < 128; i++) {
  const invc = TABLE[2 * i];
  const split = SPLITTER * invc;
  INVC_SPLIT[2 * i] = split - (split - invc);
  INVC_SPLIT[2 * i + 1] = invc - INVC_SPLIT[2 * i];
}
/**
 * The fast path evaluates glibc's small tail terms without fusing. Summing the rounding
 * errors bounds the gap to the fused tail by ≈ 12·2^−53 of the terms' total magnitude
 * (measured: 2^−51 over 2·10^7 samples). It returns only when head + tail rounds the same at
 * tail ± SLACK·magnitude (SLACK = 128·2^−53, a 10× margin), which by monotonic rounding is
 * then glibc's result too; otherwise it runs the exact emulation (≈ 0.5% of the polar
 * method's log(r²) calls, ≈ 8% of calls within 0.06 of 1).
 */
const SLACK = 2 ** -46;

/** Natural log with glibc's (x86_64, FMA) rounding. Same special values as Math.log. */
export function glibcLog(x: number): number {
  // Kept small (a dispatcher) so V8 inlines it and its callees instead of boxing the result.
  bits[0] = x;
  const hi = words[HI];
  if (((hi - 0x3fee0000) >>> 0) < 0x30900) return logNearOne(x);
  if ((((hi >>> 16) - 0x0010) >>> 0) >= 0x7fe0) return glibcLogExact(x);
  return logNormalRange(x, hi);
}

/** 1 − 2^−4 ≤ x < 1 + 0x1.09p−4: log1p-style polynomial with the r² term split to be exact. */
function logNearOne(x: number): number {
  if (x === 1) return 0;
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const p1 = r2 * B3 + (r * B2 + B1);
  const p2 = r2 * B6 + (r * B5 + B4);
  const p3 = r3 * B10 + (r2 * B9 + (r * B8 + B7));
  const polyTerm = ((p3 * r3 + p2) * r3 + p1) * r3;
  const w = r * 134217728;
  const rHi = r + w - w;
  const rLo = r - rHi;
  const rHi2 = rHi * rHi;
  const head = r + rHi2 * B0;
  const lowHead = r - head + rHi2 * B0;
  const lowTerm = B0 * rLo * (r + rHi);
  const tail = polyTerm + (lowTerm + lowHead);
  const slack = (Math.abs(polyTerm) + Math.abs(lowTerm) + Math.abs(lowHead)) * SLACK;
  const up = head + (tail + slack);
  if (up === head + (tail - slack)) return up;
  return glibcLogExact(x);
}

/** Positive normal x away from 1, given with its high word. */
function logNormalRange(x: number, hi: number): number {
  const offsetHi = (hi - 0x3fe60000) | 0;
  const i = (offsetHi >>> 13) & 0x7f;
  const k = offsetHi >> 20;
  const z = x * POW2_NEG[POW2_NEG_BIAS + k];
  const w = k * LN2_HI + TABLE[2 * i + 1];
  // r = RN(z·invc − 1) as the FMA gives it: z·invc = product + error exactly (Dekker), and
  // product − 1 is exact (Sterbenz), so a single addition rounds once.
  const product = z * TABLE[2 * i];
  const split = SPLITTER * z;
  const zHi = split - (split - z);
  const zLo = z - zHi;
  const invcHi = INVC_SPLIT[2 * i];
  const invcLo = INVC_SPLIT[2 * i + 1];
  const r = product - 1 + (zHi * invcHi - product + zHi * invcLo + zLo * invcHi + zLo * invcLo);
  const head = w + r;
  const r2 = r * r;
  const r3 = r * r2;
  const ln2LoTerm = k * LN2_LO;
  const headError = w - head + r;
  const squareTerm = r2 * A0;
  const polyTerm = r3 * ((r * A4 + A3) * r2 + (r * A2 + A1));
  const tail = polyTerm + (squareTerm + (ln2LoTerm + headError));
  const slack = (Math.abs(polyTerm) + Math.abs(squareTerm) + Math.abs(ln2LoTerm) + Math.abs(headError)) * SLACK;
  const up = head + (tail + slack);
  if (up === head + (tail - slack)) return up;
  return glibcLogExact(x);
}

/** The reference: glibc's operation sequence with every fused step emulated exactly. */
export function glibcLogExact(x: number): number {
  bits[0] = x;
  let hi = words[HI];
  const lo = words[LO];

  // |x − 1| small: log1p-style polynomial, with r² split so its leading term is exact.
  if (((hi - 0x3fee0000) >>> 0) < 0x30900) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const p1 = fusedMultiplyAdd(r2, B3, fusedMultiplyAdd(r, B2, B1));
    const p2 = fusedMultiplyAdd(r2, B6, fusedMultiplyAdd(r, B5, B4));
    let p3 = fusedMultiplyAdd(r2, B9, fusedMultiplyAdd(r, B8, B7));
    p3 = fusedMultiplyAdd(r3, B10, p3);
    const poly = fusedMultiplyAdd(fusedMultiplyAdd(p3, r3, p2), r3, p1);
    // Products by 2^27 and by B0 = −0.5 of the 26-bit rHi² are exact, so those fused steps are plain here.
    const w = r * 134217728;
    const rHi = r + w - w;
    const rLo = r - rHi;
    const rHi2 = rHi * rHi;
    const head = r + rHi2 * B0;
    let low = r - head + rHi2 * B0;
    low = fusedMultiplyAdd(B0 * rLo, r + rHi, low);
    return head + fusedMultiplyAdd(poly, r3, low);
  }

  const top = hi >>> 16;
  if (((top - 0x0010) >>> 0) >= 0x7fe0) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (!(x > 0)) return NaN;
    // Subnormal: scale into the normal range and take 52 off the exponent.
    bits[0] = x * 4503599627370496;
    hi = (words[HI] - (52 << 20)) >>> 0;
    return logNormalExact(hi, words[LO]);
  }
  return logNormalExact(hi, lo);
}

/** log(x) for a positive normal x given by its two words: log(x) = log1p(z/c − 1) + log(c) + k·ln2. */
function logNormalExact(hi: number, lo: number): number {
  // x = 2^k · z with z in [0x1.6p-1, 0x1.6p0); i picks the subinterval holding z.
  const offsetHi = (hi - 0x3fe60000) | 0;
  const i = (offsetHi >>> 13) & 0x7f;
  const k = offsetHi >> 20;
  words[HI] = (hi - (k << 20)) >>> 0;
  words[LO] = lo;
  const z = bits[0];
  const invc = TABLE[2 * i];
  const logc = TABLE[2 * i + 1];
  // k·LN2_HI is exact (LN2_HI has 11 trailing zero bits), so that fused step is plain.
  const w = k * LN2_HI + logc;
  const r = fusedMultiplyAdd(z, invc, -1);
  const c1 = fusedMultiplyAdd(r, A2, A1);
  const head = w + r;
  const r2 = r * r;
  const low = fusedMultiplyAdd(k, LN2_LO, w - head + r);
  const r3 = r * r2;
  const poly = fusedMultiplyAdd(fusedMultiplyAdd(r, A4, A3), r2, c1);
  return fusedMultiplyAdd(r3, poly, fusedMultiplyAdd(r2, A0, low)) + head;
}
