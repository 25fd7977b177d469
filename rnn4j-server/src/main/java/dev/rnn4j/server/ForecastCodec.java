package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.Forecast;
import dev.rnn4j.forecast.ForecastRequest;

import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forecasters ({@code forecast}): the fields of {@link ForecastRequest} in,
 * {@code {"values": [...], "times": [...]}} out. A request:
 * <pre>{@code
 * {"values": [417, 391, 419], "times": ["1960-10", "1960-11", "1960-12"],
 *  "features": {"Temperature": [3.1, 4.0, 2.2]}, "categories": {"Store": ["north", "north", "north"]}}
 * }</pre>
 * Only {@code values} is required; which of the others a model needs, {@code GET /models/{name}} says.
 */
final class ForecastCodec implements PredictionCodec<ForecastRequest, Forecast> {

    @Override
    public String task() {
        return "forecast";
    }

    @Override
    public ForecastRequest fromJson(JsonNode body) {
        JsonNode object = JsonFields.object(body, "the series' \"values\"");
        double[] values = JsonFields.numbers(JsonFields.required(object, "values", "an array of numbers"), "values");
        List<String> times = null;
        JsonNode t = object.get("times");
        if (t != null && !t.isNull()) {
            times = JsonFields.strings(t, "times");
        }
        Map<String, double[]> features = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(object, "features", "column names to arrays of numbers")) {
            features.put(e.getKey(), JsonFields.numbers(e.getValue(), "features." + e.getKey()));
        }
        Map<String, List<String>> categories = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(object, "categories", "column names to arrays of strings")) {
            categories.put(e.getKey(), JsonFields.strings(e.getValue(), "categories." + e.getKey()));
        }
        return new ForecastRequest(values, times, features, categories);
    }

    // the entries of an optional object field
    private static Iterable<Map.Entry<String, JsonNode>> entries(JsonNode object, String field, String expected) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest(field + ": expected an object of " + expected + ", got "
                    + JsonFields.kind(value));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        return () -> fields;
    }

    @Override
    public JsonNode toJson(Forecast output, JsonNodeFactory json) {
        ObjectNode out = json.objectNode();
        ArrayNode values = out.putArray("values");
        for (double v : output.values()) {
            values.add(v);
        }
        ArrayNode times = out.putArray("times");
        for (LocalDateTime time : output.times()) {
            times.add(time.toString());
        }
        return out;
    }
}
