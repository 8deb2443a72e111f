-- What a section page shows, written from data/ by the pre-render step
-- (portfolio.build.sections) to _generated/pages/<page>.md, put where the page asks for it:
--
--   ::: {.portfolio-section}
--   :::
--
-- Read when the page is rendered, after the pre-render step (an include shortcode is
-- resolved before it, when a fresh clone has no _generated/ yet), and before Quarto reads
-- the document (`at: pre-ast` in _quarto.yml), as if the page had printed it.

local function generated_file()
  local project = quarto.project.directory
  local page = pandoc.path.make_relative(quarto.doc.input_file, project)
  local name = pandoc.path.split_extension(page) .. ".md"
  return pandoc.path.join({ project, "_generated", "pages", name })
end

function Div(div)
  if not div.classes:includes("portfolio-section") then
    return nil
  end
  local path = generated_file()
  local file = io.open(path, "r")
  if not file then
    error("portfolio: no " .. path .. " (written by the pre-render step)")
  end
  local text = file:read("a")
  file:close()
  return pandoc.read(text, "markdown").blocks
end
