/**
 * The quick-start demo: five users, two independent layers (button colour, button size),
 * each split 50/50 by its own strata/v1 hash. Run it twice: every user lands in the same groups.
 */
import { bucket } from "@strata/hash";

const layers = [
  { id: "button-color", groups: ["blue", "green"] },
  { id: "button-size", groups: ["medium", "large"] },
] as const;

const users = ["alice", "bob", "carol", "dave", "erin"];
const rows = users.map((user) => {
  const cells = layers.map((layer) => {
    const b = bucket(user, layer.id, 1000);
    const group = layer.groups[b < 500 ? 0 : 1];
    return `${layer.id}=${group} (bucket ${String(b).padStart(3)})`;
  });
  return `${user.padEnd(6)} ${cells.join("   ")}`;
});
console.log("Strata demo: strata/v1 assignments across two independent layers\n");
console.log(rows.join("\n"));
