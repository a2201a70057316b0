"""An example Galley plugin: the show's house style."""
