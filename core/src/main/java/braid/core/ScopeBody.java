package braid.core;

/** Imperative fork/join code run inside a scope ({@link Engine#scope}). */
@FunctionalInterface
public interface ScopeBody<T> {
    T run(Scope scope) throws Exception;
}
