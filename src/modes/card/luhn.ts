/**
 * The Luhn check digit test (ISO/IEC 7812-1), the one copy the card form, the kit's card
 * route and the simulator all use. Pure and import-free: the server kit loads it with no DOM
 * and no lit.
 */

/** True when `digits` is ASCII digits only (at least one) and its Luhn sum is a multiple of 10. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/u.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
