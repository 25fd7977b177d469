package dev.rnn4j.explain;

/**
 * One hidden unit of a stacked recurrent network, written {@code L:U} (layer and unit, both 0-based as in
 * PyTorch's {@code weight_ih_l0}).
 */
public record UnitIndex(int layer, int unit) {

    /**
     * Parses {@code L:U} and checks it against a network of {@code layers} layers of {@code hidden} units.
     *
     * @throws IllegalArgumentException if the text is not two integers joined by a colon, or either is out of
     *                                  range (the message names the layer count and size)
     */
    public static UnitIndex parse(String text, int layers, int hidden) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        int layer;
        int unit;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            layer = Integer.parseInt(parts[0].trim());
            unit = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unit: expected L:U, a 0-based layer and unit such as 0:12, got '"
                    + text + "'");
        }
        UnitIndex index = new UnitIndex(layer, unit);
        index.check(layers, hidden);
        return index;
    }

    /** @throws IllegalArgumentException if this unit is not in a network of {@code layers} × {@code hidden} units */
    public void check(int layers, int hidden) {
        if (layer < 0 || layer >= layers || unit < 0 || unit >= hidden) {
            throw new IllegalArgumentException("unit " + this + ": out of range, the model has " + layers
                    + (layers == 1 ? " layer" : " layers") + " of " + hidden + " units, so expected L in 0.."
                    + (layers - 1) + " and U in 0.." + (hidden - 1));
        }
    }

    @Override
    public String toString() {
        return layer + ":" + unit;
    }
}
