// Class names of the well-known datasets, in label order, so a parsed file shows "Sneaker" or
// "truck" instead of "7" or "9". They are the names the datasets' authors publish with them.

/** Space-separated names to a list: keeps the long lists readable at a glance. */
function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

export const MNIST_CLASS_NAMES: readonly string[] = words('0 1 2 3 4 5 6 7 8 9');

export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export const CIFAR10_CLASS_NAMES: readonly string[] = words(
  'airplane automobile bird cat deer dog frog horse ship truck',
);

/** CIFAR-100's 20 superclasses, indexed by the coarse label. */
export const CIFAR100_COARSE_CLASS_NAMES: readonly string[] = words(`
  aquatic_mammals fish flowers food_containers fruit_and_vegetables household_electrical_devices
  household_furniture insects large_carnivores large_man-made_outdoor_things
  large_natural_outdoor_scenes large_omnivores_and_herbivores medium_mammals
  non-insect_invertebrates people reptiles small_mammals trees vehicles_1 vehicles_2
`);

/** CIFAR-100's 100 classes, indexed by the fine label (alphabetical, as published). */
export const CIFAR100_FINE_CLASS_NAMES: readonly string[] = words(`
  apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus
  butterfly camel can castle caterpillar cattle chair chimpanzee clock cloud cockroach couch
  crab crocodile cup dinosaur dolphin elephant flatfish forest fox girl hamster house kangaroo
  keyboard lamp lawn_mower leopard lion lizard lobster man maple_tree motorcycle mountain mouse
  mushroom oak_tree orange orchid otter palm_tree pear pickup_truck pine_tree plain plate poppy
  porcupine possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk skyscraper
  snail snake spider squirrel streetcar sunflower sweet_pepper table tank telephone television
  tiger tractor train trout tulip turtle wardrobe whale willow_tree wolf woman worm
`);

/**
 * Reads a label-names text file, one name per line (CIFAR's batches.meta.txt,
 * fine_label_names.txt); blank lines are dropped.
 */
export function parseClassNamesText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
