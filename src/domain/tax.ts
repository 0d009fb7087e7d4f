/**
 * Sales tax by US state, as a state-level base rate in basis points (1 bp = 0.01 %).
 *
 * Source and caveats: state-level base sales tax rates in force on 1 January 2025, as
 * published by the states' revenue departments and summarised by the Tax Foundation
 * ("State and Local Sales Tax Rates, 2025"). Local (county/city) add-ons, product
 * exemptions, nexus rules and later rate changes are NOT modelled: this table exists to
 * make the pattern's arithmetic realistic, not to be used for filing taxes.
 *
 * A few states have rates with half a basis point (MN 6.875 %); amounts are therefore
 * computed in tenths of a basis point with BigInt, so no rate or subtotal can drift.
 */
import type { Cents } from "./money";
import { assertCents } from "./money";

export const STATE_TAX_BASIS_POINTS = {
  AL: 400, AK: 0, AZ: 560, AR: 650, CA: 725, CO: 290, CT: 635, DE: 0, DC: 600, FL: 600,
  GA: 400, HI: 400, ID: 600, IL: 625, IN: 700, IA: 600, KS: 650, KY: 600, LA: 500, ME: 550,
  MD: 600, MA: 625, MI: 600, MN: 687.5, MS: 700, MO: 422.5, MT: 0, NE: 550, NV: 685, NH: 0,
  NJ: 662.5, NM: 487.5, NY: 400, NC: 475, ND: 500, OH: 575, OK: 450, OR: 0, PA: 600, RI: 700,
  SC: 600, SD: 420, TN: 700, TX: 625, UT: 610, VT: 600, VA: 530, WA: 650, WV: 600, WI: 500,
  WY: 400,
} as const satisfies Record<string, number>;

export type UsStateCode = keyof typeof STATE_TAX_BASIS_POINTS;

export const US_STATE_CODES = Object.freeze(Object.keys(STATE_TAX_BASIS_POINTS) as UsStateCode[]);

export function isUsStateCode(value: unknown): value is UsStateCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(STATE_TAX_BASIS_POINTS, value);
}

export function taxRateBasisPoints(state: UsStateCode): number {
  if (!isUsStateCode(state)) throw new RangeError(`not a US state code: ${String(state)}`);
  return STATE_TAX_BASIS_POINTS[state];
}

/** Tax on a subtotal: subtotal × rate, rounded half up to the cent, in integer arithmetic. */
export function taxCents(subtotalCents: Cents, state: UsStateCode): Cents {
  assertCents(subtotalCents);
  if (subtotalCents < 0) throw new RangeError(`subtotal must not be negative: ${subtotalCents}`);
  const tenthsOfBasisPoint = BigInt(Math.round(taxRateBasisPoints(state) * 10));
  const denominator = 100_000n; // 10,000 bp per unit × 10 tenths
  const numerator = BigInt(subtotalCents) * tenthsOfBasisPoint;
  return Number((numerator + denominator / 2n) / denominator);
}
