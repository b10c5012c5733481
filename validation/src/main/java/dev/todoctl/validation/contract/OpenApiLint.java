package dev.todoctl.validation.contract;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.util.List;

/**
 * Structural validity of a contract by swagger-parser (unknown attributes, missing required members such as a
 * response's description): what generators and other OpenAPI tools would trip over, which the diff cannot see.
 */
public final class OpenApiLint {
    private OpenApiLint() {
    }

    /** swagger-parser's messages; empty when the document is a valid OpenAPI 3 document. */
    public static List<String> problems(OpenApiDocument doc) {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(doc.root().toString(), null, new ParseOptions());
        if (result.getOpenAPI() == null && (result.getMessages() == null || result.getMessages().isEmpty())) {
            return List.of("not an OpenAPI 3 document");
        }
        return result.getMessages() == null ? List.of() : List.copyOf(result.getMessages());
    }
}
