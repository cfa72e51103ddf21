import { describe, expect, it } from "vitest";
import { splitFullName } from "../../../src/cli/input/full-name.js";

describe("splitFullName", () => {
  it.each([
    ["Ada Lovelace", { first: "Ada", last: "Lovelace" }],
    ["  Ada   Lovelace ", { first: "Ada", last: "Lovelace" }],
    ["Ludwig van Beethoven", { first: "Ludwig", last: "van Beethoven" }],
    ["Jean-Luc Picard", { first: "Jean-Luc", last: "Picard" }],
    ["Seán O'Brien", { first: "Seán", last: "O'Brien" }],
    ["María José García López", { first: "María", last: "José García López" }],
    ["Lovelace, Ada", { first: "Ada", last: "Lovelace" }],
    ["van Beethoven, Ludwig", { first: "Ludwig", last: "van Beethoven" }],
    ["John Smith Jr.", { first: "John", last: "Smith Jr." }],
    // Kept whole in first_name: nothing to split, or no sensible way to.
    ["Cher", { first: "Cher" }],
    ["Dr. Jane Smith", { first: "Dr. Jane Smith" }],
    ["Mme Dupont", { first: "Mme Dupont" }],
    ["山田 太郎", { first: "山田 太郎" }],
    ["김 민준", { first: "김 민준" }],
    ["Acme Sales Team 2", { first: "Acme Sales Team 2" }],
    ["ann@x.example", { first: "ann@x.example" }],
    ["The Very Long Name Of Someone", { first: "The Very Long Name Of Someone" }],
    ["Smith, John, Jr.", { first: "Smith, John, Jr." }],
    ["Sales & Marketing", { first: "Sales & Marketing" }],
  ])("splits %j as %j", (cell, expected) => {
    expect(splitFullName(cell)).toEqual(expected);
  });
});
